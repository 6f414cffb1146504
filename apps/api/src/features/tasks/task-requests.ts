import { taskStatusSchema, taskTypeSchema } from '@profile/profile-domain';
import { z } from 'zod';
import { pageQueryFields } from '../../platform/pagination/page-query';

export const taskListQuery = z.object({
  ...pageQueryFields,
  status: taskStatusSchema.optional(),
  type: taskTypeSchema.optional(),
});

export type TaskListRequest = z.output<typeof taskListQuery>;

/** Printable ASCII, as the Idempotency-Key draft recommends, up to 255 characters. */
export const idempotencyKeyHeader = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1-255 printable ASCII characters')
  .optional();
