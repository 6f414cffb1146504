import { Injectable } from '@nestjs/common';
import type { Delivery } from '@profile/messaging';
import type { TaskMessage } from '@profile/profile-domain';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { WorkerStatus } from '../status/worker-status';
import type { TaskContext } from './task-handler';
import { TaskHandlerRegistry } from './task-handler.registry';
import { TaskMetrics } from './task-metrics';
import { Outcome, TaskResultsPublisher } from './task-results.publisher';

/**
 * One task message: publish `task.started`, run the handler, publish `task.outcome`, and only
 * then let the consumer ack. A failed publish throws (the message is requeued and runs again);
 * so does a shutdown that aborts the handler. A handler's own error is a failed outcome.
 */
@Injectable()
export class TaskRunner {
  constructor(
    private readonly handlers: TaskHandlerRegistry,
    private readonly results: TaskResultsPublisher,
    private readonly metrics: TaskMetrics,
    private readonly status: WorkerStatus,
    @InjectPinoLogger(TaskRunner.name) private readonly logger: PinoLogger,
  ) {}

  async handle({ envelope: task, signal, redelivered }: Delivery<TaskMessage>): Promise<void> {
    const log = this.logger.logger.child({
      messageId: task.id,
      correlationId: task.correlationId,
      taskId: task.taskId,
      taskType: task.type,
      attempt: task.attempt,
    });
    const startedAt = new Date();
    await this.results.started(task, startedAt);
    this.metrics.started(task.type, new Date(task.runAt), startedAt);
    this.status.taskStarted(task.type);
    log.info({ redelivered }, 'task attempt started');

    let ended: Outcome['outcome'] | undefined;
    try {
      const outcome = await this.attempt(task, { attempt: task.attempt, signal, log });
      const finishedAt = new Date();
      await this.results.finished(task, outcome, startedAt, finishedAt);
      ended = outcome.outcome;
      const seconds = (finishedAt.getTime() - startedAt.getTime()) / 1000;
      this.metrics.finished(task.type, outcome.outcome, seconds);
      log.info({ outcome: outcome.outcome, durationMs: seconds * 1000 }, 'task attempt finished');
    } finally {
      this.status.taskEnded(task.type, ended);
    }
  }

  private async attempt(task: TaskMessage, context: TaskContext): Promise<Outcome> {
    try {
      return { outcome: 'succeeded', result: await this.handlers.run(task, context) };
    } catch (error) {
      if (context.signal.aborted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      context.log.warn({ error: message }, 'task attempt failed');
      return { outcome: 'failed', error: message || 'failed without a message' };
    }
  }
}
