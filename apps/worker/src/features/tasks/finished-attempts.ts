import { Injectable } from '@nestjs/common';
import type { Outcome } from './task-results.publisher';

export interface FinishedAttempt {
  outcome: Outcome;
  startedAt: Date;
  finishedAt: Date;
}

/** How many finished attempts a worker process remembers. */
const CAPACITY = 10_000;

/**
 * The attempts this process ran to the end, by task message id. A delivery whose outcome may not
 * have reached the api (the broker dropped the connection before the ack) comes back, finds its
 * attempt claimed by the delivery that ran it, and reports the outcome again instead of running
 * the handler again. Bounded: forgets the oldest first.
 */
@Injectable()
export class FinishedAttempts {
  private readonly attempts = new Map<string, FinishedAttempt>();

  remember(messageId: string, finished: FinishedAttempt): void {
    this.attempts.delete(messageId);
    this.attempts.set(messageId, finished);
    if (this.attempts.size > CAPACITY) {
      const oldest = this.attempts.keys().next().value;
      if (oldest !== undefined) this.attempts.delete(oldest);
    }
  }

  get(messageId: string): FinishedAttempt | undefined {
    return this.attempts.get(messageId);
  }
}
