'use client';

import { useRouter } from 'next/navigation';
import { startTransition, useEffect } from 'react';
import type { ActionState, ProfileFormState, TaskFormState } from '../../lib/form-state';
import { useToast } from './toasts';

/**
 * After an action answers: goes where a `navigate` answer points, or re-renders the page from the
 * server so that it shows what the action changed (see ActionState for why actions do neither),
 * and says what was done in a toast. Answers that only concern the form (field errors, a lost
 * race) leave the page as it is.
 */
export function useActionOutcome(state: ActionState | ProfileFormState | TaskFormState): void {
  const router = useRouter();
  const toast = useToast();
  useEffect(() => {
    if (state.status === 'idle' || state.status === 'invalid' || state.status === 'stale') return;
    if (state.status === 'done') toast(state.message);
    if (state.status === 'navigate' && state.notice) toast(state.notice);
    startTransition(() => {
      if (state.status === 'navigate') router.push(state.location);
      else router.refresh();
    });
  }, [state, router, toast]);
}
