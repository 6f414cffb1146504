import { Inject, Injectable } from '@nestjs/common';
import { PROFILE_CACHE_STORE } from '@profile/cache';
import type { TaskStats } from '@profile/api-contract';
import { taskStatuses, taskTypes, type TaskStatus, type TaskType } from '@profile/profile-domain';
import { Cache, createCache, Store } from 'cache-manager';
import { TasksRepository } from './tasks.repository';

/**
 * How long one count serves every console and every api replica. Consoles poll the counts every few
 * seconds, and counting a large tasks table on every poll would be the costliest read the api serves.
 */
export const TASK_STATS_TTL_MS = 2_000;
const TASK_STATS_KEY = 'tasks:stats';

/**
 * Tasks per status, in all and per type, kept for TASK_STATS_TTL_MS in the shared cache (the FIFO
 * cache-manager Store of libs/cache); counted afresh while Redis is unavailable.
 */
@Injectable()
export class TaskStatsService {
  private readonly cache: Cache;

  constructor(
    private readonly tasks: TasksRepository,
    @Inject(PROFILE_CACHE_STORE) store: Store,
  ) {
    this.cache = createCache(store);
  }

  stats(): Promise<TaskStats> {
    return this.cache
      .wrap(TASK_STATS_KEY, () => this.count(), TASK_STATS_TTL_MS)
      .catch(() => this.count());
  }

  private async count(): Promise<TaskStats> {
    const asOf = new Date().toISOString();
    const byStatus = noTasks();
    const byType = Object.fromEntries(taskTypes.map((type) => [type, noTasks()])) as Record<
      TaskType,
      Record<TaskStatus, number>
    >;
    for (const { type, status, count } of await this.tasks.countByTypeAndStatus()) {
      byStatus[status] += count;
      byType[type][status] = count;
    }
    return { asOf, byStatus, byType };
  }
}

function noTasks(): Record<TaskStatus, number> {
  return Object.fromEntries(taskStatuses.map((status) => [status, 0])) as Record<
    TaskStatus,
    number
  >;
}
