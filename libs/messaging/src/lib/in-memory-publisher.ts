import {
  MessagePublisher,
  OutgoingMessage,
  PublishError,
  PublishFailure,
} from './message-publisher';

/** A MessagePublisher for unit tests of callers: keeps what was published, or fails on request. */
export class InMemoryPublisher implements MessagePublisher {
  readonly published: OutgoingMessage[] = [];
  private failures: PublishFailure[] = [];

  /** The next publishes fail with these reasons, in order. */
  failNext(...reasons: PublishFailure[]): void {
    this.failures.push(...reasons);
  }

  async publish(message: OutgoingMessage): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw new PublishError(failure, message.envelope.id, 'simulated');
    this.published.push(structuredClone(message));
  }
}
