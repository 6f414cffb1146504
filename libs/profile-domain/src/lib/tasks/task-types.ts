import { z } from 'zod';

/** Payloads carry ids, never personal data: handlers read current data through the API. */
const profileTaskPayload = z.strictObject({ profileId: z.uuid() });

export const taskPayloadSchemas = {
  'profile.welcome': profileTaskPayload,
  'profile.completeness-reminder': profileTaskPayload,
  'diagnostic.sleep': z.strictObject({ ms: z.int().min(0).max(60_000) }),
  'diagnostic.fail': z.strictObject({ failTimes: z.int().min(0).max(10) }),
} as const;

export type TaskType = keyof typeof taskPayloadSchemas;
export type TaskPayload<T extends TaskType = TaskType> = z.output<(typeof taskPayloadSchemas)[T]>;

export const taskTypes = Object.keys(taskPayloadSchemas) as readonly TaskType[];
export const taskTypeSchema = z.enum(taskTypes as [TaskType, ...TaskType[]]);

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
    context.addIssue({ code: 'custom', path: [...path, ...issue.path], message: issue.message });
  }
}
