import {
  taskSchema,
  taskStatuses,
  taskStatusSchema,
  taskTypes,
  taskTypeSchema,
  type TaskStatus,
  type TaskType,
} from '@profile/profile-domain';
import { z } from 'zod';
import { pageQueryFields, pageSchema } from './pagination';

/** `GET /api/v1/tasks?status=&type=&limit=&cursor=` */
export const taskListQuerySchema = z.object({
  ...pageQueryFields,
  status: taskStatusSchema.optional(),
  type: taskTypeSchema.optional(),
});
/** What a client asks a list for; the api fills in the default limit. */
export type TaskListQuery = Partial<z.output<typeof taskListQuerySchema>>;

export const taskPageSchema = pageSchema(taskSchema);
export type TaskPage = z.output<typeof taskPageSchema>;

const countsByStatus = z.strictObject(
  Object.fromEntries(taskStatuses.map((status) => [status, z.int().min(0)])) as Record<
    TaskStatus,
    z.ZodInt
  >,
);

/** `GET /api/v1/tasks/stats`: how many tasks are in each status, in all and per type. */
export const taskStatsSchema = z.strictObject({
  asOf: z.iso.datetime({ offset: true }).meta({
    description: 'When the counts were taken; every caller shares them for up to 2 s',
  }),
  byStatus: countsByStatus,
  byType: z.strictObject(
    Object.fromEntries(taskTypes.map((type) => [type, countsByStatus])) as Record<
      TaskType,
      typeof countsByStatus
    >,
  ),
});
export type TaskStats = z.output<typeof taskStatsSchema>;

const isoDateTime = z.iso.datetime({ offset: true });

/** One attempt of a task, as the api recorded it from the worker's started and outcome messages. */
export const taskAttemptSchema = z.strictObject({
  attempt: z.int().min(1),
  status: z.enum(['running', 'succeeded', 'failed']),
  dueAt: isoDateTime.meta({ description: 'When the attempt was due to start' }),
  startedAt: isoDateTime,
  finishedAt: isoDateTime.nullable(),
  durationMs: z.int().min(0).nullable().meta({ description: 'null while it runs' }),
  startLatenessMs: z.int().min(0).meta({ description: 'How long after dueAt it started' }),
  error: z.string().nullable().meta({ description: 'Why a failed attempt failed' }),
});
export type TaskAttempt = z.output<typeof taskAttemptSchema>;

/** `POST /api/v1/tasks/:id/attempts/:attempt/claim`: the delivery of the attempt that claims it. */
export const taskClaimSchema = z.strictObject({
  deliveryId: z.uuid().meta({
    description:
      'Chosen by the worker for one delivery of the attempt; the same id claims it again',
  }),
  workerId: z.uuid().meta({
    description:
      'The worker process that claims, whose lease (PUT /api/v1/workers/:workerId/lease) ' +
      'keeps the attempt its own',
  }),
});
export type TaskClaim = z.output<typeof taskClaimSchema>;

/** The most attempts one `POST /api/v1/task-claims` claims. */
export const MAX_TASK_CLAIMS = 100;

/** `POST /api/v1/task-claims`: attempts one worker process claims at once, each for a delivery. */
export const taskClaimsRequestSchema = z.strictObject({
  workerId: taskClaimSchema.shape.workerId,
  claims: z
    .array(
      z.strictObject({
        taskId: z.uuid(),
        attempt: z.int().min(1).max(1_000),
        deliveryId: taskClaimSchema.shape.deliveryId,
      }),
    )
    .min(1)
    .max(MAX_TASK_CLAIMS),
});
export type TaskClaimsRequest = z.output<typeof taskClaimsRequestSchema>;

/** What became of one claim of a `POST /api/v1/task-claims`, in the order they were sent. */
export const taskClaimResultSchema = z.strictObject({
  taskId: z.uuid(),
  attempt: z.int(),
  deliveryId: z.uuid(),
  status: z.enum(['claimed', 'held', 'not-claimable', 'not-found']).meta({
    description:
      '`claimed`: run it; `held`: another delivery holds it while its worker lives, try again ' +
      'after `retryAfterMs`; `not-claimable`: the task finished or moved past the attempt; ' +
      '`not-found`: no such task',
  }),
  detail: z.string().nullable().meta({ description: 'Why it was not claimed' }),
  retryAfterMs: z.int().min(0).nullable().meta({ description: 'For `held`: when to try again' }),
});
export type TaskClaimResult = z.output<typeof taskClaimResultSchema>;

export const taskClaimResultsSchema = z.strictObject({ items: z.array(taskClaimResultSchema) });
export type TaskClaimResults = z.output<typeof taskClaimResultsSchema>;

/** `PUT /api/v1/tasks/:id/effects/:effect`: the outside effect of a task a handler has. */
export const taskEffectParamsSchema = z.strictObject({
  effect: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,63}$/, 'is a lower-case name of at most 64 letters, digits or -'),
});

/** The answer to recording a task's effect: whether this call recorded it first. */
export const taskEffectSchema = z.strictObject({
  taskId: z.uuid(),
  effect: z.string(),
  firstTime: z.boolean().meta({
    description: 'false when the effect was recorded before: the handler has had it already',
  }),
});
export type TaskEffect = z.output<typeof taskEffectSchema>;

/** `:attempt` of the claim route: a task's attempt number. */
export const attemptParamsSchema = z.strictObject({
  attempt: z.coerce.number().int().min(1).max(1_000),
});

/** `GET /api/v1/tasks/:id/attempts`: every attempt of the task, oldest first. */
export const taskAttemptsSchema = z.strictObject({ items: z.array(taskAttemptSchema) });
export type TaskAttempts = z.output<typeof taskAttemptsSchema>;
