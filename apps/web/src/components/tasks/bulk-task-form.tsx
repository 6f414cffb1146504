'use client';

import {
  type ChangeEvent,
  type ReactNode,
  startTransition,
  useActionState,
  useEffect,
  useRef,
  useState,
} from 'react';
import type { ActionState } from '../../lib/form-state';
import { ROW_CHECKBOX, SELECT_ALL } from '../../lib/task-selection';
import { useActionOutcome } from '../ui/use-action-outcome';
import { useHydrated } from '../ui/use-hydrated';

type BulkAction = (state: ActionState, input: unknown) => Promise<ActionState>;

/**
 * The task list as a form of checkboxes, with buttons that cancel or retry every selected task.
 * The rows are rendered on the server; the selection lives in their checkboxes, which a refresh of
 * the page keeps.
 */
export function BulkTaskForm({ action, children }: { action: BulkAction; children: ReactNode }) {
  const [state, dispatch, pending] = useActionState(action, { status: 'idle' });
  const hydrated = useHydrated();
  useActionOutcome(state);
  const form = useRef<HTMLFormElement>(null);
  const [count, setCount] = useState(0);
  const [handled, setHandled] = useState(state);
  if (handled !== state && state.status !== 'idle') {
    // The action ran on the selection: it starts afresh (the boxes are cleared below).
    setHandled(state);
    setCount(0);
  }
  useEffect(() => {
    if (state.status === 'idle') return;
    for (const box of checkboxes(form.current)) box.checked = false;
  }, [state]);

  function changed(event: ChangeEvent<HTMLFormElement>) {
    const target = event.target as unknown as HTMLInputElement;
    if (target.name === SELECT_ALL) {
      for (const box of rowBoxes(form.current)) box.checked = target.checked;
    }
    setCount(selected(form.current).length);
  }

  function run(intent: 'cancel' | 'retry') {
    const ids = selected(form.current);
    if (ids.length > 0) startTransition(() => dispatch({ intent, ids }));
  }

  const failure = state.status === 'failed' ? state.message : undefined;
  const idle = !hydrated || pending || count === 0;
  return (
    <form
      ref={form}
      onChange={changed}
      onSubmit={(event) => event.preventDefault()}
      aria-label="Tasks on this page"
    >
      <div className="bulk-bar" role="group" aria-label="Selected tasks">
        <span className="muted" aria-live="polite">
          {count === 0 ? 'Select tasks to act on several at once.' : `${count} selected`}
        </span>
        <button
          type="button"
          className="secondary small"
          disabled={idle}
          onClick={() => run('cancel')}
        >
          {pending ? 'Working…' : 'Cancel selected'}
        </button>
        <button
          type="button"
          className="secondary small"
          disabled={idle}
          onClick={() => run('retry')}
        >
          {pending ? 'Working…' : 'Retry selected'}
        </button>
      </div>
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
      {children}
    </form>
  );
}

function checkboxes(form: HTMLFormElement | null): HTMLInputElement[] {
  return [...(form?.querySelectorAll<HTMLInputElement>('input[type="checkbox"]') ?? [])];
}

function rowBoxes(form: HTMLFormElement | null): HTMLInputElement[] {
  return checkboxes(form).filter((box) => box.name === ROW_CHECKBOX);
}

function selected(form: HTMLFormElement | null): string[] {
  return rowBoxes(form)
    .filter((box) => box.checked)
    .map((box) => box.value);
}
