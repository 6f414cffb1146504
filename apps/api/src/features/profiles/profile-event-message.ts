import { exchanges } from '@profile/messaging';
import type { ProfileEvent, ProfileEventType } from '@profile/profile-domain';
import { randomUUID } from 'node:crypto';
import type { OutboxMessage } from '../../platform/outbox/outbox-message';

/** Who made a change, for the events it causes: the API key's name and the request's id. */
export interface ChangeContext {
  actor: string;
  correlationId: string;
}

/** The outbox message announcing a profile change on `profile.events`, due at once. */
export function profileEventMessage(
  type: ProfileEventType,
  event: Omit<ProfileEvent, 'actor'>,
  context: ChangeContext,
  now: Date,
): OutboxMessage {
  return {
    exchange: exchanges.profileEvents,
    routingKey: type,
    dueAt: now,
    envelope: {
      id: randomUUID(),
      correlationId: context.correlationId,
      type,
      attempt: 1,
      occurredAt: now.toISOString(),
      payload: { ...event, actor: context.actor } satisfies ProfileEvent,
    },
  };
}
