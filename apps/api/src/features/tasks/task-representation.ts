import type { Task } from '@profile/profile-domain';
import type { TaskEntity } from './task.entity';

/** A task as the api answers it; `retriedAs` is the task that retries it, if any. */
export function toTask(entity: TaskEntity, retriedAs: string | null = null): Task {
  return {
    id: entity.id,
    type: entity.type,
    payload: entity.payload as Record<string, unknown>,
    status: entity.status,
    runAt: entity.runAt.toISOString(),
    attempts: entity.attempts,
    maxAttempts: entity.maxAttempts,
    result: entity.result,
    lastError: entity.lastError,
    createdAt: entity.createdAt.toISOString(),
    startedAt: entity.startedAt?.toISOString() ?? null,
    finishedAt: entity.finishedAt?.toISOString() ?? null,
    retryOf: entity.retryOf,
    retriedAs,
  };
}
