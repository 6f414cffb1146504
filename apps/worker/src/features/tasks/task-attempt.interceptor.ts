import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { type AmqpContext, RetryLater } from '@profile/messaging';
import { taskTimeLimitsMs, type TaskMessage } from '@profile/profile-domain';
import { InjectServiceLogger } from '@profile/service-core';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { TaskClaimClient } from '../../platform/api-client/task-claim.client';
import { from, lastValueFrom, Observable } from 'rxjs';
import { WorkerStatus } from '../status/worker-status';
import { FinishedAttempts } from './finished-attempts';
import { beginAttempt, type TaskAttempt } from './task-attempt';
import { TaskMetrics } from './task-metrics';
import { Outcome, TaskResultsPublisher } from './task-results.publisher';

/**
 * Runs one task attempt around its handler: claims the attempt through the api for this delivery
 * (which records it as started), runs the handler, publishes `task.outcome`, and only then lets
 * the transport ack the message. An attempt the task has finished or moved past is skipped and
 * acked; one this process ran already has its outcome reported again (see FinishedAttempts); one
 * another delivery holds comes back once that delivery's worker may be gone, to take it over. A
 * failed publish throws (the message is requeued), and so does a shutdown that aborts the
 * handler; an api that cannot answer the claim now has the message retried later. A handler's
 * own error is a failed outcome.
 */
@Injectable()
export class TaskAttemptInterceptor implements NestInterceptor {
  constructor(
    private readonly claims: TaskClaimClient,
    private readonly finished: FinishedAttempts,
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
    const timeLimitMs = taskTimeLimitsMs[task.type];
    const overtime = AbortSignal.timeout(timeLimitMs);
    const attempt: TaskAttempt = {
      attempt: task.attempt,
      signal: AbortSignal.any([delivery.signal, overtime]),
      log: this.logger.child({
        messageId: task.id,
        correlationId: task.correlationId,
        taskId: task.taskId,
        taskType: task.type,
        attempt: task.attempt,
      }),
    };
    const claim = await this.claims.claim(task, randomUUID(), delivery.signal);
    if (!claim.claimed) {
      const finished = this.finished.get(task.id);
      if (finished) {
        await this.results.finished(
          task,
          finished.outcome,
          finished.startedAt,
          finished.finishedAt,
        );
        attempt.log.info('task attempt ran here already: its outcome reported again');
        return;
      }
      if (claim.heldForMs !== undefined) {
        // Its worker may have died with it: come back once its lease may have expired.
        throw new RetryLater(claim.reason, { afterMs: claim.heldForMs });
      }
      attempt.log.info({ reason: claim.reason }, 'task attempt skipped: not claimable');
      return;
    }
    beginAttempt(delivery, attempt);
    const startedAt = new Date();
    this.metrics.started(task.type, new Date(task.runAt), startedAt);
    this.status.taskStarted(task.type);
    attempt.log.info({ redelivered: delivery.redelivered }, 'task attempt started');

    let ended: Outcome['outcome'] | undefined;
    try {
      const outcome = await this.outcomeOf(next, attempt, delivery.signal, timeLimitMs);
      const finishedAt = new Date();
      this.finished.remember(task.id, { outcome, startedAt, finishedAt });
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

  /**
   * The handler's outcome. One still running after the type's time limit fails (its signal is
   * aborted; the api would count the attempt as failed soon after anyway); one that shutdown
   * abandons throws, so that its message goes back to the queue.
   */
  private async outcomeOf(
    next: CallHandler,
    attempt: TaskAttempt,
    shutdown: AbortSignal,
    timeLimitMs: number,
  ): Promise<Outcome> {
    try {
      const result = await untilAborted(
        lastValueFrom(next.handle(), { defaultValue: null }),
        attempt.signal,
      );
      return { outcome: 'succeeded', result };
    } catch (error) {
      if (shutdown.aborted) throw error;
      if (attempt.signal.aborted) {
        const limit = `exceeded its time limit of ${timeLimitMs / 1000} s`;
        attempt.log.warn({ error: limit }, 'task attempt failed');
        return { outcome: 'failed', error: limit };
      }
      const message = error instanceof Error ? error.message : String(error);
      attempt.log.warn({ error: message }, 'task attempt failed');
      return { outcome: 'failed', error: message || 'failed without a message' };
    }
  }
}

/** The work's result, or a rejection as soon as `signal` aborts (a handler may ignore it). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
