'use client';

import { type ReactNode, startTransition, useActionState, useEffect, useId, useRef } from 'react';
import type { ActionState } from '../../lib/form-state';
import { useActionOutcome } from './use-action-outcome';
import { useHydrated } from './use-hydrated';

export interface ConfirmButtonProps {
  label: string;
  /** The dialog that asks first. */
  title: string;
  description: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  action: (state: ActionState, input: unknown) => Promise<ActionState>;
  input: unknown;
  cancelLabel?: string;
  danger?: boolean;
}

/** A button that asks in a modal dialog before running a server action; a toast says what it did. */
export function ConfirmButton(props: ConfirmButtonProps) {
  const [state, dispatch, pending] = useActionState(props.action, { status: 'idle' });
  const hydrated = useHydrated();
  useActionOutcome(state);
  const busy = pending || state.status === 'navigate';
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    if (state.status === 'done') dialog.current?.close();
  }, [state]);

  function confirm() {
    startTransition(() => dispatch(props.input));
  }

  const outcome =
    state.status === 'failed' || state.status === 'invalid' ? state.message : undefined;

  return (
    <>
      <button
        type="button"
        className={props.danger ? 'danger' : 'secondary'}
        disabled={!hydrated}
        onClick={() => {
          dialog.current?.showModal();
          // The safe choice takes the focus (showModal would pick the first button).
          cancel.current?.focus();
        }}
      >
        {props.label}
      </button>
      <dialog
        ref={dialog}
        className="dialog"
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
      >
        <h2 id={titleId}>{props.title}</h2>
        <div id={descriptionId}>{props.description}</div>
        {outcome && (
          <p className="alert alert-error" role="alert">
            {outcome}
          </p>
        )}
        <div className="button-row">
          <button
            type="button"
            className={props.danger ? 'danger' : undefined}
            onClick={confirm}
            disabled={busy}
          >
            {busy ? props.pendingLabel : props.confirmLabel}
          </button>
          <button
            type="button"
            className="secondary"
            ref={cancel}
            onClick={() => dialog.current?.close()}
          >
            {props.cancelLabel ?? 'Cancel'}
          </button>
        </div>
      </dialog>
    </>
  );
}
