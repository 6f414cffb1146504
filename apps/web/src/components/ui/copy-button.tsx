'use client';

import { useHydrated } from './use-hydrated';
import { useToast } from './toasts';

/** Copies a value (an id) to the clipboard and says so in a toast. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const hydrated = useHydrated();
  const toast = useToast();
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      toast(`Copied the ${label}.`);
    } catch {
      toast(`Could not copy the ${label}: the browser refused the clipboard.`);
    }
  }
  return (
    <button
      type="button"
      className="secondary small copy-button"
      disabled={!hydrated}
      aria-label={`Copy the ${label}`}
      onClick={() => void copy()}
    >
      Copy
    </button>
  );
}
