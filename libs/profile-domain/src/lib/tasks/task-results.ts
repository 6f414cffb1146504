import { z } from 'zod';

const isoDateTime = z.iso.datetime({ offset: true });
export const MAX_TASK_ERROR_LENGTH = 2000;

/** Sent by the worker on `tasks.results` when it begins an attempt. */
export const taskStartedSchema = z.strictObject({
  taskId: z.uuid(),
  attempt: z.int().min(1),
  startedAt: isoDateTime,
});
export type TaskStarted = z.output<typeof taskStartedSchema>;

/** Sent by the worker on `tasks.results` when an attempt ends; `error` says why a failure failed. */
export const taskOutcomeSchema = z
  .strictObject({
    taskId: z.uuid(),
    attempt: z.int().min(1),
    outcome: z.enum(['succeeded', 'failed']),
    result: z.json().optional(),
    error: z.string().min(1).max(MAX_TASK_ERROR_LENGTH).optional(),
    /** When the attempt started, so an outcome that overtakes its started message stands for it. */
    startedAt: isoDateTime,
    finishedAt: isoDateTime,
  })
  .refine((outcome) => (outcome.outcome === 'failed') === (outcome.error !== undefined), {
    path: ['error'],
    message: 'a failed outcome has an error, a succeeded one has none',
  });
export type TaskOutcome = z.output<typeof taskOutcomeSchema>;

export const TASK_STARTED = 'task.started';
export const TASK_OUTCOME = 'task.outcome';
export const taskResultPayloadSchemas = {
  [TASK_STARTED]: taskStartedSchema,
  [TASK_OUTCOME]: taskOutcomeSchema,
} as const;
export type TaskResultType = keyof typeof taskResultPayloadSchemas;
