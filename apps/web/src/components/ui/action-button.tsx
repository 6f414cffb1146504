'use client';

import { startTransition, useActionState } from 'react';
import type { ActionState } from '../../lib/form-state';
import { useActionOutcome } from './use-action-outcome';
import { useHydrated } from './use-hydrated';

/**
 * A button that runs a server action at once. What it did is said in a toast; why it failed stays
 * next to it. It stays mounted when the action makes it unavailable (a cancelled task), so that a
 * failure stays shown.
 */
export function ActionButton({
  label,
  pendingLabel,
  action,
  input,
  accessibleLabel,
  available = true,
}: {
  label: string;
  pendingLabel: string;
  action: (state: ActionState, input: unknown) => Promise<ActionState>;
  input: unknown;
  /** A fuller name for screen readers when the visible label repeats down a table. */
  accessibleLabel?: string;
  available?: boolean;
}) {
  const [state, dispatch, pending] = useActionState(action, { status: 'idle' });
  const hydrated = useHydrated();
  useActionOutcome(state);
  const failure =
    state.status === 'failed' || state.status === 'invalid' ? state.message : undefined;
  return (
    <span className="action-button">
      {available && (
        <button
          type="button"
          className="secondary small"
          disabled={!hydrated || pending}
          aria-label={accessibleLabel}
          onClick={() => startTransition(() => dispatch(input))}
        >
          {pending ? pendingLabel : label}
        </button>
      )}
      {failure && (
        <span className="inline-error" role="status">
          {failure}
        </span>
      )}
    </span>
  );
}
