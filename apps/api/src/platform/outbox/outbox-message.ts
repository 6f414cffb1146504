import type { AnyMessageEnvelope } from '@profile/profile-domain';

/** What a change asks the relay to publish, once it is due. */
export interface OutboxMessage {
  exchange: string;
  routingKey: string;
  envelope: AnyMessageEnvelope;
  dueAt: Date;
  /** The task whose attempt this message carries, if it is one. */
  taskId?: string;
}

/** A row the relay has claimed and must publish, then mark sent or release. */
export interface ClaimedMessage {
  id: string;
  exchange: string;
  routingKey: string;
  envelope: AnyMessageEnvelope;
  taskId: string | null;
}

export interface OutboxBacklog {
  /** Due rows not yet sent. */
  pending: number;
  /** How long the oldest due unsent row has been due, in seconds (0 without one). */
  lagSeconds: number;
  /** When the next row not yet due becomes due, if any. */
  nextDueAt: Date | null;
}

/** The channel the outbox notifies when rows are added, so relays need not wait for their poll. */
export const OUTBOX_CHANNEL = 'outbox';
