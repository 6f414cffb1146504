import { z } from 'zod';

/** A whole number within bounds, with one message for people whatever is wrong with it. */
export const boundedInteger = (min: number, max: number, message: string) =>
  z
    .int({ error: (issue) => (issue.input === undefined ? 'is required' : message) })
    .min(min, message)
    .max(max, message);

/** A payload is an object with exactly its type's fields. */
const payloadObject = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.strictObject(shape, {
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be a JSON object'),
  });

/** Payloads carry ids, never personal data: handlers read current data through the API. */
const profileTaskPayload = payloadObject({
  profileId: z.uuid({
    error: (issue) =>
      issue.input === undefined ? 'is required' : 'must be the id of a profile (a UUID)',
  }),
});

export const MAX_SLEEP_MS = 60_000;
export const MAX_FAIL_TIMES = 10;

export const taskPayloadSchemas = {
  'profile.welcome': profileTaskPayload,
  'profile.completeness-reminder': profileTaskPayload,
  'diagnostic.sleep': payloadObject({
    ms: boundedInteger(
      0,
      MAX_SLEEP_MS,
      `must be a whole number of milliseconds from 0 to ${MAX_SLEEP_MS}`,
    ),
  }),
  'diagnostic.fail': payloadObject({
    failTimes: boundedInteger(
      0,
      MAX_FAIL_TIMES,
      `must be a whole number from 0 to ${MAX_FAIL_TIMES}`,
    ),
  }),
} as const;

export type TaskType = keyof typeof taskPayloadSchemas;
export type TaskPayload<T extends TaskType = TaskType> = z.output<(typeof taskPayloadSchemas)[T]>;

export const taskTypes = Object.keys(taskPayloadSchemas) as readonly TaskType[];
export const taskTypeSchema = z.enum(taskTypes as [TaskType, ...TaskType[]], {
  error: `must be one of ${taskTypes.join(', ')}`,
});

/**
 * How long an attempt of each type may run. Past it (and a grace for its result to arrive), the
 * api counts the attempt as failed: its worker is presumed gone.
 */
export const taskTimeLimitsMs: Readonly<Record<TaskType, number>> = {
  'profile.welcome': 30_000,
  'profile.completeness-reminder': 30_000,
  'diagnostic.sleep': MAX_SLEEP_MS + 10_000,
  'diagnostic.fail': 10_000,
};

export const MAX_TASK_PAYLOAD_BYTES = 16 * 1024;

/** Validates a payload against its type's schema and the size limit, reporting issues under `path`. */
export function checkTaskPayload(
  type: TaskType,
  payload: unknown,
  context: z.RefinementCtx,
  path: PropertyKey[] = ['payload'],
): void {
  const serialised = JSON.stringify(payload) ?? '';
  if (new TextEncoder().encode(serialised).length > MAX_TASK_PAYLOAD_BYTES) {
    context.addIssue({
      code: 'custom',
      path,
      message: `must be at most ${MAX_TASK_PAYLOAD_BYTES} bytes as JSON`,
    });
    return;
  }
  const result = taskPayloadSchemas[type].safeParse(payload);
  for (const issue of result.error?.issues ?? []) {
    // Each field the type does not take is named on its own.
    const fields = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [key]) : [[]];
    for (const field of fields) {
      context.addIssue({
        code: 'custom',
        path: [...path, ...issue.path, ...field],
        message: field.length > 0 ? `is not a field of a ${type} payload` : issue.message,
      });
    }
  }
}
