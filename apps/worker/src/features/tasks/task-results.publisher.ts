import { Inject, Injectable } from '@nestjs/common';
import { derivedMessageId, exchanges, MESSAGE_PUBLISHER } from '@profile/messaging';
import type { MessagePublisher } from '@profile/messaging';
import {
  MAX_TASK_ERROR_LENGTH,
  TASK_OUTCOME,
  TASK_STARTED,
  type TaskMessage,
  type TaskOutcome,
  type TaskResultMessage,
} from '@profile/profile-domain';

export type Outcome = Pick<TaskOutcome, 'outcome' | 'result' | 'error'>;

/**
 * Sends `task.started` and `task.outcome` to the api, confirmed. Their ids derive from the task
 * message's id, so a redelivered task repeats the same ids and the api applies each once.
 */
@Injectable()
export class TaskResultsPublisher {
  constructor(@Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher) {}

  started(task: TaskMessage, startedAt: Date): Promise<void> {
    return this.send(task, {
      type: TASK_STARTED,
      payload: { taskId: task.taskId, attempt: task.attempt, startedAt: startedAt.toISOString() },
    });
  }

  finished(task: TaskMessage, outcome: Outcome, startedAt: Date, finishedAt: Date): Promise<void> {
    return this.send(task, {
      type: TASK_OUTCOME,
      payload: {
        taskId: task.taskId,
        attempt: task.attempt,
        ...outcome,
        error: outcome.error?.slice(0, MAX_TASK_ERROR_LENGTH),
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
      },
    });
  }

  private send(task: TaskMessage, message: Pick<TaskResultMessage, 'type' | 'payload'>) {
    return this.publisher.publish({
      exchange: exchanges.taskResults,
      routingKey: message.type,
      envelope: {
        id: derivedMessageId(task.id, message.type),
        correlationId: task.correlationId,
        attempt: task.attempt,
        occurredAt: new Date().toISOString(),
        ...message,
      },
    });
  }
}
