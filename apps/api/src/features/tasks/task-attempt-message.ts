import { exchanges } from '@profile/messaging';
import { randomUUID } from 'node:crypto';
import type { OutboxMessage } from '../../platform/outbox/outbox-message';
import type { TaskEntity } from './task.entity';

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
    taskId: task.id,
    envelope: {
      id: randomUUID(),
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
