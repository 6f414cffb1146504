'use client';

import { type FormEvent, startTransition, useActionState, useEffect, useRef } from 'react';
import { messagesByField } from '../../lib/field-messages';
import type { ActionState } from '../../lib/form-state';

type SignInAction = (state: ActionState, form: FormData) => Promise<ActionState>;

/**
 * The key goes to a server action in the form post; no script of the page keeps it. A refused key
 * stays in the field, selected and focused, to be corrected or typed over (a form action would
 * reset the form, so the post is sent by hand when the page's script runs).
 */
export function SignInForm({ action, next }: { action: SignInAction; next?: string }) {
  const [state, formAction, pending] = useActionState(action, { status: 'idle' });
  const keyInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (state.status !== 'invalid' && state.status !== 'failed') return;
    keyInput.current?.focus();
    keyInput.current?.select();
  }, [state]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => formAction(form));
  }

  const fieldError =
    state.status === 'invalid' ? messagesByField(state.fieldErrors)['apiKey'] : undefined;
  const message =
    state.status === 'failed' || state.status === 'invalid' ? state.message : undefined;
  return (
    <form action={formAction} onSubmit={submit} className="form sign-in-form">
      {message && (
        <p className="alert alert-error" role="alert">
          {message}
        </p>
      )}
      {next && <input type="hidden" name="next" value={next} />}
      <div className={fieldError ? 'field field-invalid' : 'field'}>
        <label htmlFor="api-key">API key</label>
        <p id="api-key-hint" className="hint">
          The secret of an entry of the API’s <code>API_KEYS</code>. Its scope decides what you can
          do: read sees, write edits and schedules, admin also manages the cache.
        </p>
        <input
          ref={keyInput}
          id="api-key"
          name="apiKey"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? 'api-key-error api-key-hint' : 'api-key-hint'}
        />
        {fieldError && (
          <p id="api-key-error" className="field-error">
            {fieldError}
          </p>
        )}
      </div>
      <button type="submit" disabled={pending} aria-disabled={pending}>
        {pending ? 'Checking the key…' : 'Sign in'}
      </button>
    </form>
  );
}
