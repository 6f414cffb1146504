import { RpcException } from '@nestjs/microservices';

/**
 * Thrown by a consumer for a message it cannot handle now but can later (its database is down,
 * a lock was not to be had): the transport parks the message in its queue's delay queue, from which
 * it comes back after a backoff, without spending one of the queue's deliveries.
 *
 * Nest's exception filter hands on what an RpcException's `getError` answers and turns every other
 * error into a plain object; answering the exception itself lets the transport recognise it.
 */
export class RetryLater extends RpcException {
  /** How long the message should wait, when the handler knows (a Retry-After); else a backoff. */
  readonly afterMs?: number;

  constructor(reason: string, options: { cause?: unknown; afterMs?: number } = {}) {
    super(reason);
    this.name = 'RetryLater';
    if (options.cause !== undefined) this.cause = options.cause;
    this.afterMs = options.afterMs;
  }

  override getError(): object {
    return this;
  }
}
