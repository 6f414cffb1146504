import { Injectable } from '@nestjs/common';
import type { TaskPayload, TaskType } from '@profile/profile-domain';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { OutboxRepository } from '../../platform/outbox/outbox.repository';
import { taskAttemptMessage } from './task-attempt-message';
import { TaskEntity } from './task.entity';
import { TasksRepository } from './tasks.repository';

export interface NewTask<T extends TaskType = TaskType> {
  /** Chosen by the caller when it must name the task before it exists; random otherwise. */
  id?: string;
  type: T;
  payload: TaskPayload<T>;
  runAt: Date;
  maxAttempts: number;
}

/**
 * Schedules tasks in one statement, inside the caller's transaction if it has one: the task rows
 * and the outbox messages of their first attempts, due at their runAt, commit or vanish together.
 * Nothing is published here.
 */
@Injectable()
export class TaskScheduler {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  async schedule(
    manager: EntityManager,
    requests: readonly NewTask[],
    correlationId: string,
    now: Date,
  ): Promise<TaskEntity[]> {
    const entities = requests.map((request) =>
      Object.assign(new TaskEntity(), {
        id: request.id ?? randomUUID(),
        type: request.type,
        payload: request.payload,
        status: 'scheduled',
        runAt: request.runAt,
        attempts: 0,
        maxAttempts: request.maxAttempts,
        result: null,
        lastError: null,
        profileId: profileIdOf(request.payload),
        correlationId,
        createdAt: now,
        startedAt: null,
        finishedAt: null,
      } satisfies TaskEntity),
    );
    await this.outbox.add(
      manager,
      entities.map((task) => taskAttemptMessage(task, 1, now)),
      this.tasks.insertion(entities),
    );
    return entities;
  }
}

/** The profile a task is about, when its payload names one (every profile.* task's does). */
function profileIdOf(payload: TaskPayload): string | null {
  return 'profileId' in payload ? payload.profileId : null;
}
