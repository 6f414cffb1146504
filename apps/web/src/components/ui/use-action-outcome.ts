'use client';

import { useRouter } from 'next/navigation';
import { startTransition, useEffect } from 'react';
import type { ActionState, ProfileFormState, TaskFormState } from '../../lib/form-state';

/**
 * After an action answers: goes where a `navigate` answer points, or re-renders the page from the
 * server so that it shows what the action changed (see ActionState for why actions do neither).
 * Answers that only concern the form (field errors, a lost race) leave the page as it is.
 */
export function useActionOutcome(state: ActionState | ProfileFormState | TaskFormState): void {
  const router = useRouter();
  useEffect(() => {
    if (state.status === 'idle' || state.status === 'invalid' || state.status === 'stale') return;
    startTransition(() => {
      if (state.status === 'navigate') router.push(state.location);
      else router.refresh();
    });
  }, [state, router]);
}
