import { Inject, Injectable } from '@nestjs/common';
import { derivedMessageId, exchanges, MESSAGE_PUBLISHER } from '@profile/messaging';
import type { MessagePublisher } from '@profile/messaging';
import {
  MAX_TASK_ERROR_LENGTH,
  TASK_OUTCOME,
  type TaskMessage,
  type TaskOutcome,
  type TaskResultMessage,
} from '@profile/profile-domain';

export type Outcome = Pick<TaskOutcome, 'outcome' | 'result' | 'error'>;

/**
 * Sends `task.outcome` to the api, confirmed (the claim recorded the start). Its id derives from
 * the task message's id, so a repeated outcome has the same id and the api applies it once.
 */
@Injectable()
export class TaskResultsPublisher {
  constructor(@Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher) {}

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
