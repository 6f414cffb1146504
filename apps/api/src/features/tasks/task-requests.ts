import { taskListQuerySchema } from '@profile/api-contract';
import type { z } from 'zod';
import { keysetPageQueryFields } from '../../platform/pagination/page-query';

/** The contract's list query, its cursor read back into a keyset position. */
export const taskListQuery = taskListQuerySchema.extend(keysetPageQueryFields);
export type TaskListRequest = z.output<typeof taskListQuery>;
