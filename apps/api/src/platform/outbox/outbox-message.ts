import type { AnyMessageEnvelope } from '@profile/profile-domain';
import type { EntityManager } from 'typeorm';

/** What a change asks the relay to publish, once it is due. */
export interface OutboxMessage {
  exchange: string;
  routingKey: string;
  envelope: AnyMessageEnvelope;
  dueAt: Date;
}

/** A row the relay has claimed and must publish, then mark sent or release. */
export interface ClaimedMessage {
  id: string;
  exchange: string;
  routingKey: string;
  envelope: AnyMessageEnvelope;
}

/** A message the broker has confirmed, as the `onSent` hooks see it. */
export type SentMessage = Omit<ClaimedMessage, 'id'>;

/**
 * Runs in the transaction that marks messages sent, so that what the owner of the messages records
 * about them (a task is now queued, say) commits with it.
 */
export type SentHook = (manager: EntityManager, sent: readonly SentMessage[]) => Promise<void>;

export interface OutboxBacklog {
  /** Due rows not yet sent. */
  pending: number;
  /** Due rows not yet sent that no live relay holds: a relay may claim them now. */
  claimable: number;
  /** How long the oldest due unsent row has been due, in seconds (0 without one). */
  lagSeconds: number;
  /** When the next row not yet due becomes due, if any. */
  nextDueAt: Date | null;
}

/**
 * The channel that a trigger on the outbox notifies once per inserting statement, at commit, so
 * relays need not wait for their poll. The payload is the earliest due time the statement added,
 * in milliseconds since the epoch.
 */
export const OUTBOX_CHANNEL = 'outbox';

/**
 * The first key of the session-level advisory locks relays hold while they live, `(space, owner)`
 * with the owner id their claims record (see RelayOwner).
 */
export const RELAY_OWNER_LOCK_SPACE = 0x6f757462;
