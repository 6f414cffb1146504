import {
  createTaskRequestSchema,
  type FieldError,
  MAX_TASK_DELAY_MS,
  type TaskType,
  validate,
} from '@profile/profile-domain';

/** What the schedule form's inputs hold. */
export interface TaskFormValues {
  type: TaskType;
  payload: string;
  delaySeconds: string;
  maxAttempts: string;
}

/** A payload to start from for each type, so the form is one click from a valid task. */
export const EXAMPLE_PAYLOADS: Record<TaskType, unknown> = {
  'diagnostic.sleep': { ms: 2000 },
  'diagnostic.fail': { failTimes: 1 },
  'profile.welcome': { profileId: '' },
  'profile.completeness-reminder': { profileId: '' },
};

export const MAX_DELAY_SECONDS = MAX_TASK_DELAY_MS / 1000;

export function examplePayload(type: TaskType): string {
  return JSON.stringify(EXAMPLE_PAYLOADS[type], null, 2);
}

export type TaskRequestDraft =
  { ok: true; request: Record<string, unknown> } | { ok: false; errors: FieldError[] };

/**
 * The `POST /api/v1/tasks` body the inputs describe, checked with the api's own schema: every
 * field at once, each named as the form names it (`delayMs` is entered in seconds as
 * `delaySeconds`). A payload that is not JSON is said so, and the other fields are still checked.
 */
export function taskRequestOf(values: TaskFormValues): TaskRequestDraft {
  const errors: FieldError[] = [];
  const request: Record<string, unknown> = { type: values.type };
  const payload = parseJson(values.payload);
  if (payload.ok) request['payload'] = payload.value;
  else errors.push({ path: 'payload', message: `is not valid JSON (${payload.reason})` });
  const delay = values.delaySeconds.trim();
  if (delay !== '') {
    const seconds = Number(delay);
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_DELAY_SECONDS) {
      errors.push({
        path: 'delaySeconds',
        message: `must be a number of seconds from 0 to ${MAX_DELAY_SECONDS} (7 days)`,
      });
    } else {
      request['delayMs'] = Math.round(seconds * 1000);
    }
  }
  const attempts = values.maxAttempts.trim();
  if (attempts !== '') request['maxAttempts'] = Number(attempts);
  const validated = validate(createTaskRequestSchema, request);
  if (!validated.ok) {
    errors.push(
      ...validated.errors
        // A payload that is not JSON is said to be so above, not checked against its type.
        .filter((error) => payload.ok || !isPayloadError(error))
        .map((error) => (error.path === 'delayMs' ? { ...error, path: 'delaySeconds' } : error)),
    );
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, request };
}

function isPayloadError({ path }: FieldError): boolean {
  return path === 'payload' || path.startsWith('payload.');
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
