import { Injectable, OnModuleInit } from '@nestjs/common';
import { exchanges } from '@profile/messaging';
import type { TaskMessage, TaskPayload, TaskType } from '@profile/profile-domain';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { SqlWrite, writeTogether } from '../../platform/database/sql-write';
import type { SentMessage } from '../../platform/outbox/outbox-message';
import { OutboxRepository } from '../../platform/outbox/outbox.repository';
import { attemptMessageId, taskAttemptMessage } from './task-attempt-message';
import { TaskEntity } from './task.entity';
import { CancelTarget, TasksRepository } from './tasks.repository';

export interface NewTask<T extends TaskType = TaskType> {
  /** Chosen by the caller when it must name the task before it exists; random otherwise. */
  id?: string;
  type: T;
  payload: TaskPayload<T>;
  runAt: Date;
  maxAttempts: number;
  /** The failed or cancelled task this one runs again. */
  retryOf?: string;
}

/**
 * Schedules and cancels tasks inside the caller's transaction, for the tasks' own endpoints and for
 * other features (a new profile's welcome). Each attempt of a task is an outbox message due at the
 * attempt's runAt: nothing is published here, and a task is `queued` once the relay has sent its
 * attempt.
 */
@Injectable()
export class TaskScheduler implements OnModuleInit {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  onModuleInit(): void {
    this.outbox.onSent((manager, sent) => this.tasks.markQueued(manager, sentAttempts(sent)));
  }

  /** Writes the tasks and their first attempts' messages in one statement (one round trip). */
  async schedule(
    manager: EntityManager,
    requests: readonly NewTask[],
    correlationId: string,
    now: Date,
  ): Promise<TaskEntity[]> {
    const { tasks, writes } = this.scheduling(requests, correlationId, now);
    await writeTogether(manager, writes);
    return tasks;
  }

  /**
   * The tasks, and the writes that schedule them with their first attempts' messages, for a
   * caller that writes them in a statement of its own (see writeTogether).
   */
  scheduling(
    requests: readonly NewTask[],
    correlationId: string,
    now: Date,
  ): { tasks: TaskEntity[]; writes: SqlWrite[] } {
    const tasks = requests.map((request) =>
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
        retryOf: request.retryOf ?? null,
      } satisfies TaskEntity),
    );
    return {
      tasks,
      writes: [
        this.tasks.inserting(tasks),
        this.outbox.enqueueing(tasks.map((task) => taskAttemptMessage(task, 1, now))),
      ],
    };
  }

  /**
   * Cancels the scheduled tasks of `target` by withdrawing the message of the attempt each waits
   * for. A message a relay has claimed (it is being published) stays, and so does its task: it is
   * already on its way to the worker. Answers the tasks it cancelled.
   */
  async cancelScheduled(
    manager: EntityManager,
    target: CancelTarget,
    now: Date,
  ): Promise<TaskEntity[]> {
    // The outbox rows are locked before the tasks, in the order the relay's markSent locks them.
    const scheduled = await this.tasks.scheduled(manager, target);
    const pending = new Map(
      scheduled.map((task) => [attemptMessageId(task.id, task.attempts + 1), task.id]),
    );
    const withdrawn = await this.outbox.withdraw(manager, [...pending.keys()], now);
    return this.tasks.cancel(
      manager,
      withdrawn.map((messageId) => pending.get(messageId) as string),
      now,
    );
  }

  /**
   * Makes a scheduled task due at `now`: the message of the attempt it waits for is withdrawn and
   * enqueued again, due now (the insert wakes the relays). A message a relay has claimed stays, as
   * for a cancel. Answers the task, or undefined when it was not scheduled or its message is on
   * its way.
   */
  async runScheduledNow(
    manager: EntityManager,
    taskId: string,
    now: Date,
  ): Promise<TaskEntity | undefined> {
    const [scheduled] = await this.tasks.scheduled(manager, { taskId });
    if (!scheduled) return undefined;
    const attempt = scheduled.attempts + 1;
    const [withdrawn] = await this.outbox.withdraw(
      manager,
      [attemptMessageId(taskId, attempt)],
      now,
    );
    if (!withdrawn) return undefined;
    const due = await this.tasks.reschedule(manager, taskId, now);
    // Nothing else moves a scheduled task whose next message is gone; this guards the invariant.
    if (!due) throw new Error(`task ${taskId} left scheduled while its message was withdrawn`);
    await this.outbox.enqueue(manager, [taskAttemptMessage(due, attempt, now)]);
    return due;
  }
}

/** The task attempts among messages the relay sent. */
function sentAttempts(sent: readonly SentMessage[]): Array<{ taskId: string; attempt: number }> {
  return sent
    .filter(({ exchange }) => exchange === exchanges.tasks)
    .map(({ envelope }) => {
      const { taskId, attempt } = envelope as TaskMessage;
      return { taskId, attempt };
    });
}

/** The profile a task is about, when its payload names one (every profile.* task's does). */
function profileIdOf(payload: TaskPayload): string | null {
  return 'profileId' in payload ? payload.profileId : null;
}
