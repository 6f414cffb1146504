import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Page } from '@profile/api-contract';
import { CreateTaskRequest, Task, taskRunAt } from '@profile/profile-domain';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { API_ENVIRONMENT, ApiEnvironment } from '../../platform/config/api-environment';
import { pageOf } from '../../platform/pagination/page-query';
import { ApiError } from '../../platform/problems/api-error';
import { IdempotencyKeys, requestHash } from '../../platform/idempotency/idempotency-keys';
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
    return toTask(task);
  }

  async list(query: TaskListQuery): Promise<Page<Task>> {
    const rows = await this.tasks.list({ ...query, limit: query.limit + 1 });
    return pageOf(rows, query.limit, toTask);
  }

  /** Cancels a task that is still scheduled; 409 once it is queued, running or finished. */
  async cancel(id: string): Promise<Task> {
    const [cancelled] = await this.dataSource.transaction((manager) =>
      this.scheduler.cancelScheduled(manager, { taskId: id }, new Date()),
    );
    if (cancelled) return toTask(cancelled);
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
