import { z } from 'zod';
import { boundedInteger, checkTaskPayload, taskTypeSchema } from './task-types';

export const taskStatuses = [
  'scheduled',
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
] as const;
export const taskStatusSchema = z.enum(taskStatuses);
export type TaskStatus = z.output<typeof taskStatusSchema>;

export const MAX_TASK_DELAY_MS = 7 * 24 * 60 * 60 * 1000;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const MAX_ATTEMPTS = 10;

const isoDateTime = z.iso.datetime({ offset: true });

/** A task as the API returns it (DESIGN §3); unset fields are null. */
export const taskSchema = z.strictObject({
  id: z.uuid(),
  type: taskTypeSchema,
  payload: z.record(z.string(), z.unknown()),
  status: taskStatusSchema,
  runAt: isoDateTime,
  attempts: z.int().min(0),
  maxAttempts: z.int().min(1).max(10),
  result: z.unknown().nullable(),
  lastError: z.string().nullable(),
  createdAt: isoDateTime,
  startedAt: isoDateTime.nullable(),
  finishedAt: isoDateTime.nullable(),
  retryOf: z
    .uuid()
    .nullable()
    .meta({ description: 'The failed or cancelled task this one retries' }),
  retriedAs: z
    .uuid()
    .nullable()
    .meta({ description: 'The task that retries this one, once retried' }),
});
export type Task = z.output<typeof taskSchema>;

/**
 * `POST /api/v1/tasks`: `delayMs` or `runAt` (not both; a past `runAt` is due now, one more than
 * seven days ahead is invalid), the payload checked against its type. Time-dependent: it reads the
 * clock when it parses.
 */
export const createTaskRequestSchema = z
  .strictObject({
    type: taskTypeSchema,
    payload: z.unknown(),
    delayMs: boundedInteger(
      0,
      MAX_TASK_DELAY_MS,
      `must be a whole number of milliseconds from 0 to ${MAX_TASK_DELAY_MS} (7 days)`,
    ).optional(),
    runAt: z.iso
      .datetime({
        offset: true,
        error: 'must be a date and time with its offset, e.g. 2030-01-31T12:00:00Z',
      })
      .optional(),
    maxAttempts: boundedInteger(
      1,
      MAX_ATTEMPTS,
      `must be a whole number from 1 to ${MAX_ATTEMPTS}`,
    ).default(DEFAULT_MAX_ATTEMPTS),
  })
  .superRefine((request, context) => {
    if (request.delayMs !== undefined && request.runAt !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['runAt'],
        message: 'give delayMs or runAt, not both',
      });
    }
    if (request.runAt !== undefined && Date.parse(request.runAt) - Date.now() > MAX_TASK_DELAY_MS) {
      context.addIssue({
        code: 'custom',
        path: ['runAt'],
        message: 'must be at most 7 days ahead',
      });
    }
    checkTaskPayload(request.type, request.payload, context);
  });
export type CreateTaskRequest = z.output<typeof createTaskRequestSchema>;

/** When a validated request is due: now plus `delayMs`, `runAt` (never before now), or now. */
export function taskRunAt(request: Pick<CreateTaskRequest, 'delayMs' | 'runAt'>, now: Date): Date {
  if (request.runAt !== undefined) {
    return new Date(Math.max(Date.parse(request.runAt), now.getTime()));
  }
  return new Date(now.getTime() + (request.delayMs ?? 0));
}
