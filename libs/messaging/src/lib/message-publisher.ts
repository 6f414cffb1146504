import type { AnyMessageEnvelope } from '@profile/profile-domain';

export interface OutgoingMessage {
  exchange: string;
  routingKey: string;
  envelope: AnyMessageEnvelope;
}

/**
 * Why a publish failed. `nacked`: the broker refused it (e.g. a full queue, which rejects
 * publishes); `returned`: nothing at all could route it, not even an alternate exchange;
 * `timeout`: no confirm within the publish timeout; `unconfirmed`: the channel went away
 * (connection lost, publisher closed) before the confirm. After a timeout or `unconfirmed` the
 * broker may still have the message: publish it again, consumers deduplicate by message id.
 */
export type PublishFailure = 'nacked' | 'returned' | 'timeout' | 'unconfirmed';

export class PublishError extends Error {
  constructor(
    readonly reason: PublishFailure,
    readonly messageId: string,
    detail: string,
  ) {
    super(`publish of ${messageId} ${reason}: ${detail}`);
    this.name = 'PublishError';
  }
}

/** What became of a message of a batch: undefined once the broker confirmed it. */
export type PublishOutcome = PublishError | undefined;

export interface MessagePublisher {
  /**
   * Publishes a message and resolves only once the broker has taken responsibility for it;
   * rejects with a PublishError otherwise.
   */
  publish(message: OutgoingMessage): Promise<void>;
  /**
   * Publishes every message before awaiting any confirm, and resolves once the broker has answered
   * for all of them (or they failed), with each one's outcome in order; never rejects.
   */
  publishBatch(messages: readonly OutgoingMessage[]): Promise<PublishOutcome[]>;
}

export const MESSAGE_PUBLISHER = Symbol('MESSAGE_PUBLISHER');
