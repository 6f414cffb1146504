import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { BackoffOptions, TaskResultMessage } from '@profile/profile-domain';
import { DataSource } from 'typeorm';
import { API_ENVIRONMENT, ApiEnvironment } from '../../platform/config/api-environment';
import type { OutboxMessage } from '../../platform/outbox/outbox-message';
import { AppliedMessagesRepository } from './applied-messages.repository';
import { OutboxRepository } from '../../platform/outbox/outbox.repository';
import { TaskAttemptsRepository } from './task-attempts.repository';
import { AppliedResult, attemptRecords } from './task-attempts';
import { progress } from './task-progress';
import { ResultDisposition, TaskResultsMetrics } from './task-results.metrics';
import type { TaskEntity } from './task.entity';
import { TasksRepository } from './tasks.repository';

interface Waiting {
  message: TaskResultMessage;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Applies the worker's started and outcome messages to the tasks, each message once: its id is
 * recorded in the transaction that applies it. Messages are applied in batches, one transaction
 * each: every message delivered while a batch is being applied joins the next one, so the api
 * keeps up with the worker with a few statements per batch rather than per message. A message's
 * promise settles once its batch has committed (the consumer acks it then) or failed.
 */
@Injectable()
export class TaskResultsService {
  private readonly logger = new Logger(TaskResultsService.name);
  private readonly waiting: Waiting[] = [];
  private applying = false;
  private readonly backoff: BackoffOptions;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TasksRepository,
    private readonly inbox: AppliedMessagesRepository,
    private readonly outbox: OutboxRepository,
    private readonly attempts: TaskAttemptsRepository,
    private readonly metrics: TaskResultsMetrics,
    @Inject(API_ENVIRONMENT) environment: ApiEnvironment,
  ) {
    this.backoff = { baseMs: environment.TASK_RETRY_BASE_MS, maxMs: environment.TASK_RETRY_MAX_MS };
  }

  apply(message: TaskResultMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ message, resolve, reject });
      if (!this.applying) setImmediate(() => void this.applyWaiting());
    });
  }

  private async applyWaiting(): Promise<void> {
    if (this.applying) return;
    this.applying = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.waiting.length);
        try {
          this.settled(batch, await this.applyBatch(batch.map(({ message }) => message)));
        } catch (error) {
          if (batch.length === 1) batch[0].reject(error);
          // One message that cannot be applied must not hold back the rest: each on its own.
          else for (const one of batch) await this.applyAlone(one);
        }
      }
    } finally {
      this.applying = false;
    }
  }

  private async applyAlone(one: Waiting): Promise<void> {
    try {
      this.settled([one], await this.applyBatch([one.message]));
    } catch (error) {
      one.reject(error);
    }
  }

  private settled(batch: Waiting[], dispositions: ResultDisposition[]): void {
    batch.forEach(({ message, resolve }, index) => {
      const disposition = dispositions[index];
      this.metrics.handled(message.type, disposition);
      if (disposition !== 'applied') {
        const { taskId, attempt } = message.payload;
        this.logger.log(
          { messageId: message.id, taskId, attempt },
          `${message.type} ${disposition}: not applied`,
        );
      }
      resolve();
    });
  }

  /** Applies messages in arrival order in one transaction; answers what became of each. */
  private applyBatch(messages: TaskResultMessage[]): Promise<ResultDisposition[]> {
    return this.dataSource.transaction(async (manager) => {
      const fresh = await this.inbox.recordFirst(
        manager,
        messages.map(({ id }) => id),
      );
      const taskIds = [...new Set(messages.map(({ payload }) => payload.taskId))];
      const tasks = await this.tasks.lockMany(manager, taskIds);
      const changed = new Set<TaskEntity>();
      const retries: OutboxMessage[] = [];
      const applied: AppliedResult[] = [];
      const now = new Date();
      const dispositions = messages.map((message): ResultDisposition => {
        if (!fresh.delete(message.id)) return 'duplicate';
        const task = tasks.get(message.payload.taskId);
        if (!task) return 'unknown-task';
        const dueAt = task.runAt;
        const moved = progress(task, message, this.backoff, now);
        if (!moved.applied) return 'stale';
        applied.push({ message, dueAt });
        changed.add(task);
        if (moved.retry) retries.push(moved.retry);
        return 'applied';
      });
      await this.tasks.updateProgress(manager, [...changed]);
      await this.attempts.record(manager, attemptRecords(applied));
      await this.outbox.enqueue(manager, retries);
      return dispositions;
    });
  }
}
