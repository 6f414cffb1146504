import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Page, TaskAttempts } from '@profile/api-contract';
import { CreateTaskRequest, Task, taskRunAt } from '@profile/profile-domain';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { API_ENVIRONMENT, ApiEnvironment } from '../../platform/config/api-environment';
import { pageOf } from '../../platform/pagination/page-query';
import { ApiError } from '../../platform/problems/api-error';
import { IdempotencyKeys, requestHash } from '../../platform/idempotency/idempotency-keys';
import { toTaskAttempt } from './task-attempts';
import { TaskAttemptsRepository } from './task-attempts.repository';
import { NewTask, TaskScheduler } from './task-scheduler';
import { toTask } from './task-representation';
import { TaskListQuery, TasksRepository } from './tasks.repository';

/** Who asks for a task, and under which Idempotency-Key, if any. */
export interface TaskRequestContext {
  keyName: string;
  correlationId: string;
  idempotencyKey?: string;
  /** The body as sent, which a replay must repeat. */
  body: unknown;
}

export interface CreatedTask {
  task: Task;
  /** True when an Idempotency-Key replay answered with the task an earlier request created. */
  replayed: boolean;
}

@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TasksRepository,
    private readonly scheduler: TaskScheduler,
    private readonly idempotencyKeys: IdempotencyKeys,
    private readonly attempts: TaskAttemptsRepository,
    @Inject(API_ENVIRONMENT) private readonly environment: ApiEnvironment,
  ) {}

  /** Schedules a task, or answers the one an earlier request with the same Idempotency-Key made. */
  async create(request: CreateTaskRequest, context: TaskRequestContext): Promise<CreatedTask> {
    const now = new Date();
    const id = randomUUID();
    const task: NewTask = {
      id,
      type: request.type,
      // The request schema checked the payload against its type's schema.
      payload: request.payload as never,
      runAt: taskRunAt(request, now),
      maxAttempts: request.maxAttempts,
    };
    if (context.idempotencyKey === undefined) {
      // One statement: the task and its first attempt need no transaction around them.
      const [created] = await this.scheduler.schedule(
        this.dataSource.manager,
        [task],
        context.correlationId,
        now,
      );
      return { task: toTask(created), replayed: false };
    }
    const { idempotencyKey } = context;
    const replayOf = await this.dataSource.transaction(async (manager) => {
      const claimed = await this.idempotencyKeys.claim(
        manager,
        {
          keyName: context.keyName,
          key: idempotencyKey,
          requestHash: requestHash(context.body),
          resource: { kind: 'task', id },
        },
        new Date(now.getTime() - this.environment.IDEMPOTENCY_KEY_RETENTION_MS),
      );
      if (claimed.status === 'mismatch') {
        throw new ApiError(
          'idempotency-key-reused',
          'This Idempotency-Key was already used with a different request body.',
        );
      }
      if (claimed.status === 'replay') return claimed.id;
      await this.scheduler.schedule(manager, [task], context.correlationId, now);
      return undefined;
    });
    return replayOf
      ? { task: await this.get(replayOf), replayed: true }
      : { task: await this.get(id), replayed: false };
  }

  async get(id: string): Promise<Task> {
    const task = await this.tasks.findById(id);
    if (!task) throw notFound(id);
    const retries = await this.tasks.retriesOf([id]);
    return toTask(task, retries.get(id));
  }

  async list(query: TaskListQuery): Promise<Page<Task>> {
    const rows = await this.tasks.list({ ...query, limit: query.limit + 1 });
    const retries = await this.tasks.retriesOf(rows.map(({ id }) => id));
    return pageOf(rows, query.limit, (task) => toTask(task, retries.get(task.id)));
  }

  /** Every attempt of a task, oldest first. */
  async attemptsOf(id: string): Promise<TaskAttempts> {
    const [task, attempts] = await Promise.all([this.tasks.findById(id), this.attempts.ofTask(id)]);
    if (!task) throw notFound(id);
    return { items: attempts.map(toTaskAttempt) };
  }

  /**
   * Runs a failed or cancelled task again as a new task (attempt 1, due now, the same type,
   * payload and attempts) linked to it by `retryOf`. A task is retried once: to go on, retry the
   * retry. The original is locked, so concurrent retries of it make one task.
   */
  async retry(id: string, correlationId: string): Promise<Task> {
    const now = new Date();
    const retry = await this.dataSource.transaction(async (manager) => {
      const original = await this.tasks.lockById(manager, id);
      if (!original) throw notFound(id);
      if (original.status !== 'failed' && original.status !== 'cancelled') {
        throw new ApiError(
          'task-not-retryable',
          `Task ${id} is ${original.status}; only a failed or cancelled task can be retried.`,
        );
      }
      const existing = (await this.tasks.retriesOf([id], manager)).get(id);
      if (existing) {
        throw new ApiError(
          'task-not-retryable',
          `Task ${id} was already retried as task ${existing}; retry that one instead.`,
        );
      }
      const [created] = await this.scheduler.schedule(
        manager,
        [
          {
            type: original.type,
            payload: original.payload as never,
            runAt: now,
            maxAttempts: original.maxAttempts,
            retryOf: id,
          },
        ],
        correlationId,
        now,
      );
      return created;
    });
    return toTask(retry);
  }

  /** Makes a scheduled task due now; 409 once it is queued, running or finished. */
  async runNow(id: string): Promise<Task> {
    const due = await this.dataSource.transaction((manager) =>
      this.scheduler.runScheduledNow(manager, id, new Date()),
    );
    if (due) return toTask(due);
    const task = await this.tasks.findById(id);
    if (!task) throw notFound(id);
    throw new ApiError(
      'task-not-runnable',
      task.status === 'scheduled'
        ? `Task ${id} is being queued for the worker already.`
        : `Task ${id} is ${task.status}; only a scheduled task can be made due now.`,
    );
  }

  /** Cancels a task that is still scheduled; 409 once it is queued, running or finished. */
  async cancel(id: string): Promise<Task> {
    const [cancelled] = await this.dataSource.transaction((manager) =>
      this.scheduler.cancelScheduled(manager, { taskId: id }, new Date()),
    );
    if (cancelled) return this.get(cancelled.id);
    const task = await this.tasks.findById(id);
    if (!task) throw notFound(id);
    throw new ApiError(
      'task-not-cancellable',
      task.status === 'scheduled'
        ? `Task ${id} is being queued for the worker and can no longer be cancelled.`
        : `Task ${id} is ${task.status}; only a scheduled task can be cancelled.`,
    );
  }
}

function notFound(id: string): ApiError {
  return new ApiError('not-found', `No task has the id ${id}.`);
}
