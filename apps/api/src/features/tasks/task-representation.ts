import type { Task } from '@profile/profile-domain';
import type { TaskEntity } from './task.entity';

export function toTask(entity: TaskEntity): Task {
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
  };
}
