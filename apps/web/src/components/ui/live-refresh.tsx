'use client';

import { useRouter } from 'next/navigation';
import { startTransition, useEffect, useState } from 'react';
import { useHydrated } from './use-hydrated';

/**
 * Re-renders the page on the server every `intervalMs` while the tab is visible (router.refresh
 * keeps what is typed into forms), with a control to pause it for those who need the page still.
 */
export function LiveRefresh({
  intervalMs,
  renderedAt,
  active = true,
}: {
  intervalMs: number;
  /** When the server rendered the data on the page, already formatted. */
  renderedAt: string;
  /** False once nothing on the page can change any more. */
  active?: boolean;
}) {
  const router = useRouter();
  const [paused, setPaused] = useState(false);
  const hydrated = useHydrated();
  const running = active && !paused;

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') startTransition(() => router.refresh());
    }, intervalMs);
    return () => clearInterval(timer);
  }, [running, intervalMs, router]);

  return (
    <div className="live">
      <span className={running ? 'live-dot live-dot-on' : 'live-dot'} aria-hidden="true" />
      <span>
        {!active
          ? `Final state, shown at ${renderedAt}`
          : paused
            ? `Live updates paused; shown at ${renderedAt}`
            : `Live: updated ${renderedAt}, every ${intervalMs / 1000} s`}
      </span>
      {active && (
        <button
          type="button"
          className="link-button"
          disabled={!hydrated}
          onClick={() => setPaused(!paused)}
        >
          {paused ? 'Resume live updates' : 'Pause live updates'}
        </button>
      )}
    </div>
  );
}
