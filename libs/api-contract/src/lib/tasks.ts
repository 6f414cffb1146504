import { taskSchema, taskStatusSchema, taskTypeSchema } from '@profile/profile-domain';
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

/**
 * `Idempotency-Key` of `POST /api/v1/tasks`, when given: printable ASCII, as the Idempotency-Key
 * draft recommends.
 */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1-255 printable ASCII characters')
  .meta({
    description: 'Kept 24 h per API key: a replay of the same body answers the original task',
  })
  .optional();

/** Set to `true` on the answer to a replayed `POST /api/v1/tasks`. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';
