import { derivedMessageId, exchanges } from '@profile/messaging';
import type { OutboxMessage } from '../../platform/outbox/outbox-message';
import type { TaskEntity } from './task.entity';

/**
 * The id of the message that carries attempt `attempt` of a task: derived from both, so the task
 * can name the message of the attempt it waits for (to withdraw it on cancel), and a message
 * published twice has one id, which consumers recognise.
 */
export function attemptMessageId(taskId: string, attempt: number): string {
  return derivedMessageId(taskId, `attempt-${attempt}`);
}

/** The outbox message that carries attempt `attempt` of a task to the worker, due at its runAt. */
export function taskAttemptMessage(
  task: Pick<TaskEntity, 'id' | 'type' | 'payload' | 'correlationId' | 'runAt'>,
  attempt: number,
  now: Date,
): OutboxMessage {
  return {
    exchange: exchanges.tasks,
    routingKey: task.type,
    dueAt: task.runAt,
    envelope: {
      id: attemptMessageId(task.id, attempt),
      correlationId: task.correlationId,
      type: task.type,
      attempt,
      occurredAt: now.toISOString(),
      taskId: task.id,
      runAt: task.runAt.toISOString(),
      payload: task.payload,
    },
  };
}
