'use client';

import { DEFAULT_MAX_ATTEMPTS, type TaskType, taskTypes } from '@profile/profile-domain';
import Link from 'next/link';
import { type FormEvent, startTransition, useActionState, useState } from 'react';
import type { TaskFormState } from '../../lib/form-state';
import {
  examplePayload,
  MAX_DELAY_SECONDS,
  taskRequestOf,
  type TaskFormValues,
} from '../../lib/task-form';
import { TextField } from '../ui/text-field';
import { messagesByField } from '../../lib/field-messages';
import { useActionOutcome } from '../ui/use-action-outcome';
import { useHydrated } from '../ui/use-hydrated';
import { useServerFieldErrors } from '../ui/use-server-field-errors';

type ScheduleAction = (state: TaskFormState, input: unknown) => Promise<TaskFormState>;

const FIELDS = ['type', 'payload', 'delaySeconds', 'maxAttempts'] as const;
type Field = (typeof FIELDS)[number];

/** Schedules a task, checking type, payload, delay and attempts with the api's schema as you type. */
export function ScheduleTaskForm({ action }: { action: ScheduleAction }) {
  const [state, dispatch, pending] = useActionState(action, { status: 'idle' });
  const hydrated = useHydrated();
  useActionOutcome(state);
  const [values, setValues] = useState<TaskFormValues>({
    type: 'diagnostic.sleep',
    payload: examplePayload('diagnostic.sleep'),
    delaySeconds: '5',
    maxAttempts: String(DEFAULT_MAX_ATTEMPTS),
  });
  const [payloadEdited, setPayloadEdited] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<Field>>(new Set());
  const { errors: serverErrors, dismiss: dismissServerError } = useServerFieldErrors(
    state,
    (answer) =>
      answer.status === 'invalid'
        ? // The api counts the delay in milliseconds; the form asks for seconds.
          answer.fieldErrors.map((error) =>
            error.path === 'delayMs' ? { ...error, path: 'delaySeconds' } : error,
          )
        : [],
  );

  const draft = taskRequestOf(values);
  const clientErrors = draft.ok ? {} : messagesByField(draft.errors);
  const errorOf = (field: Field) =>
    serverErrors[field] ?? (touched.has(field) ? clientErrors[field] : undefined);

  function change(field: Field, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    setTouched((current) => new Set(current).add(field));
    dismissServerError(field);
  }

  function changeType(type: TaskType) {
    // A new type brings its example payload, unless the operator wrote one of their own.
    setValues((current) => ({
      ...current,
      type,
      payload: payloadEdited ? current.payload : examplePayload(type),
    }));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setTouched(new Set(FIELDS));
    if (!draft.ok) return;
    const request = draft.request;
    startTransition(() => dispatch(request));
  }

  const typeError = errorOf('type');
  const failure =
    state.status === 'failed' ||
    (state.status === 'invalid' && Object.keys(serverErrors).length === 0)
      ? state.message
      : serverErrors[''];

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">Schedule a task</h2>
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
      {state.status === 'scheduled' && (
        <p className="alert alert-success" role="status">
          {state.message}{' '}
          <Link href={`/tasks/${state.task.id}`}>Follow task {state.task.id.slice(0, 8)}</Link>
        </p>
      )}
      <div className={typeError ? 'field field-invalid' : 'field'}>
        <label htmlFor="field-type">Type</label>
        <select
          id="field-type"
          name="type"
          value={values.type}
          onChange={(event) => changeType(event.target.value as TaskType)}
          aria-invalid={typeError ? true : undefined}
          aria-describedby={typeError ? 'field-type-error' : undefined}
        >
          {taskTypes.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
        {typeError && (
          <p id="field-type-error" className="field-error">
            {typeError}
          </p>
        )}
      </div>
      <TextField
        name="payload"
        label="Payload (JSON)"
        value={values.payload}
        onChange={(value) => {
          setPayloadEdited(true);
          change('payload', value);
        }}
        error={errorOf('payload')}
        hint="Ids only, never personal data; checked against the type’s schema."
        multiline
        rows={4}
        monospace
        spellCheck={false}
        required
      />
      <div className="field-row">
        <TextField
          name="delaySeconds"
          label="Delay in seconds"
          value={values.delaySeconds}
          onChange={(value) => change('delaySeconds', value)}
          error={errorOf('delaySeconds')}
          hint={`0 runs it now; at most ${MAX_DELAY_SECONDS} (7 days).`}
          inputMode="decimal"
        />
        <TextField
          name="maxAttempts"
          label="Attempts"
          value={values.maxAttempts}
          onChange={(value) => change('maxAttempts', value)}
          error={errorOf('maxAttempts')}
          hint="1–10; a failed attempt is retried with backoff."
          inputMode="numeric"
        />
      </div>
      <button type="submit" disabled={!hydrated || pending}>
        {pending ? 'Scheduling…' : 'Schedule task'}
      </button>
    </form>
  );
}
