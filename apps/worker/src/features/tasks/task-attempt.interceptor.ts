import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { AmqpContext } from '@profile/messaging';
import type { TaskMessage } from '@profile/profile-domain';
import { InjectServiceLogger } from '@profile/service-core';
import type { Logger } from 'pino';
import { from, lastValueFrom, Observable } from 'rxjs';
import { WorkerStatus } from '../status/worker-status';
import { beginAttempt, type TaskAttempt } from './task-attempt';
import { TaskMetrics } from './task-metrics';
import { Outcome, TaskResultsPublisher } from './task-results.publisher';

/**
 * Runs one task attempt around its handler: publishes `task.started`, runs the handler, publishes
 * `task.outcome`, and only then lets the transport ack the message. A failed publish throws (the
 * message is requeued and runs again); so does a shutdown that aborts the handler. A handler's own
 * error is a failed outcome.
 */
@Injectable()
export class TaskAttemptInterceptor implements NestInterceptor {
  constructor(
    private readonly results: TaskResultsPublisher,
    private readonly metrics: TaskMetrics,
    private readonly status: WorkerStatus,
    @InjectServiceLogger() private readonly logger: Logger,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<void> {
    const rpc = context.switchToRpc();
    return from(this.run(rpc.getData<TaskMessage>(), rpc.getContext<AmqpContext>(), next));
  }

  private async run(task: TaskMessage, delivery: AmqpContext, next: CallHandler): Promise<void> {
    const attempt: TaskAttempt = {
      attempt: task.attempt,
      signal: delivery.signal,
      log: this.logger.child({
        messageId: task.id,
        correlationId: task.correlationId,
        taskId: task.taskId,
        taskType: task.type,
        attempt: task.attempt,
      }),
    };
    beginAttempt(delivery, attempt);
    const startedAt = new Date();
    await this.results.started(task, startedAt);
    this.metrics.started(task.type, new Date(task.runAt), startedAt);
    this.status.taskStarted(task.type);
    attempt.log.info({ redelivered: delivery.redelivered }, 'task attempt started');

    let ended: Outcome['outcome'] | undefined;
    try {
      const outcome = await this.outcomeOf(next, attempt);
      const finishedAt = new Date();
      await this.results.finished(task, outcome, startedAt, finishedAt);
      ended = outcome.outcome;
      const seconds = (finishedAt.getTime() - startedAt.getTime()) / 1000;
      this.metrics.finished(task.type, outcome.outcome, seconds);
      attempt.log.info(
        { outcome: outcome.outcome, durationMs: seconds * 1000 },
        'task attempt finished',
      );
    } finally {
      this.status.taskEnded(task.type, ended);
    }
  }

  private async outcomeOf(next: CallHandler, attempt: TaskAttempt): Promise<Outcome> {
    try {
      const result = await lastValueFrom(next.handle(), { defaultValue: null });
      return { outcome: 'succeeded', result };
    } catch (error) {
      if (attempt.signal.aborted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      attempt.log.warn({ error: message }, 'task attempt failed');
      return { outcome: 'failed', error: message || 'failed without a message' };
    }
  }
}
