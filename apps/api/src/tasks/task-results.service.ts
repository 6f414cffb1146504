import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  TASK_STARTED,
  taskRetryDelayMs,
  type TaskOutcome,
  type TaskResultMessage,
  type TaskStarted,
} from '@profile/profile-domain';
import { DataSource, EntityManager } from 'typeorm';
import { API_ENVIRONMENT, ApiEnvironment } from '../config/api-environment';
import { OutboxRepository } from '../outbox/outbox.repository';
import { taskAttemptMessage } from './task-attempt-message';
import { ResultDisposition, TaskResultsMetrics } from './task-results.metrics';
import type { TaskEntity } from './task.entity';
import { TasksRepository } from './tasks.repository';

/** Whether a result message is for the attempt the task is on. */
type Applicability = 'apply' | 'stale';

/**
 * Applies the worker's started and outcome messages to the tasks, each message once (by its id,
 * recorded in the same transaction). Messages may arrive twice or out of order: an outcome may
 * overtake its started message, and a redelivered task repeats both. Each is applied only to the
 * attempt it belongs to; anything older is recorded and ignored.
 */
@Injectable()
export class TaskResultsService {
  private readonly logger = new Logger(TaskResultsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TasksRepository,
    private readonly outbox: OutboxRepository,
    private readonly metrics: TaskResultsMetrics,
    @Inject(API_ENVIRONMENT) private readonly environment: ApiEnvironment,
  ) {}

  async apply(message: TaskResultMessage): Promise<void> {
    const disposition = await this.dataSource.transaction(
      async (manager): Promise<ResultDisposition> => {
        if (!(await this.firstDelivery(manager, message.id))) return 'duplicate';
        const task = await this.tasks.lockById(manager, message.payload.taskId);
        if (!task) return 'unknown-task';
        const applied =
          message.type === TASK_STARTED
            ? this.applyStarted(task, message.payload)
            : await this.applyOutcome(manager, task, message.payload);
        if (applied === 'stale') return 'stale';
        await this.tasks.updateProgress(manager, task);
        return 'applied';
      },
    );
    this.metrics.handled(message.type, disposition);
    if (disposition !== 'applied') {
      this.logger.log(
        { messageId: message.id, taskId: message.payload.taskId, attempt: message.payload.attempt },
        `${message.type} ${disposition}: not applied`,
      );
    }
  }

  /** Records the message id; false when it was applied before. */
  private async firstDelivery(manager: EntityManager, messageId: string): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO applied_messages (message_id) VALUES ($1)
       ON CONFLICT DO NOTHING RETURNING message_id`,
      [messageId],
    );
    return inserted.length > 0;
  }

  private applyStarted(task: TaskEntity, started: TaskStarted): Applicability {
    if (!isWaitingFor(task, started.attempt)) return 'stale';
    task.status = 'running';
    task.attempts = started.attempt;
    task.startedAt = new Date(started.startedAt);
    return 'apply';
  }

  private async applyOutcome(
    manager: EntityManager,
    task: TaskEntity,
    outcome: TaskOutcome,
  ): Promise<Applicability> {
    const current = task.status === 'running' && task.attempts === outcome.attempt;
    // An outcome that overtook its started message stands for both.
    if (!current && !isWaitingFor(task, outcome.attempt)) return 'stale';
    task.attempts = outcome.attempt;
    task.startedAt = new Date(outcome.startedAt);
    if (outcome.outcome === 'succeeded') {
      task.status = 'succeeded';
      task.result = outcome.result ?? null;
      task.finishedAt = new Date(outcome.finishedAt);
      return 'apply';
    }
    task.lastError = outcome.error ?? null;
    if (outcome.attempt >= task.maxAttempts) {
      task.status = 'failed';
      task.finishedAt = new Date(outcome.finishedAt);
      return 'apply';
    }
    const now = new Date();
    task.status = 'scheduled';
    task.runAt = new Date(
      now.getTime() +
        taskRetryDelayMs(outcome.attempt, {
          baseMs: this.environment.TASK_RETRY_BASE_MS,
          maxMs: this.environment.TASK_RETRY_MAX_MS,
        }),
    );
    await this.outbox.add(manager, [taskAttemptMessage(task, outcome.attempt + 1, now)]);
    return 'apply';
  }
}

/** Whether `attempt` is the one the task waits to hear of: its next, sent or about to be. */
function isWaitingFor(task: TaskEntity, attempt: number): boolean {
  return (task.status === 'scheduled' || task.status === 'queued') && attempt === task.attempts + 1;
}
