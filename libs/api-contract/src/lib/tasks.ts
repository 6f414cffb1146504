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
