import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { BrokerConnection, MESSAGE_PUBLISHER, PublishError } from '@profile/messaging';
import type { MessagePublisher } from '@profile/messaging';
import { API_ENVIRONMENT, ApiEnvironment } from '../config/api-environment';
import { loggableError } from '../problems/loggable-error';
import type { ClaimedMessage } from './outbox-message';
import { OutboxListener } from './outbox-listener';
import { OutboxMetrics } from './outbox.metrics';
import { OutboxRepository } from './outbox.repository';

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;

/**
 * Publishes the outbox. A pass claims due rows in batches, publishes each batch with confirms
 * outside any transaction, marks what the broker confirmed as sent and releases the rest for the
 * next round. Passes start when a change commits (LISTEN/NOTIFY), when the next scheduled row falls
 * due, and at least every OUTBOX_POLL_INTERVAL_MS. While RabbitMQ is away they claim nothing and
 * the relay waits for the connection to come back; after failed publishes it backs off
 * exponentially, and notifications do not cut a backoff short. Any number of replicas may run it.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly listener: OutboxListener;
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private wakeAgain = false;
  private failedPasses = 0;
  /** No pass starts before this time (ms since the epoch), except when the broker reconnects. */
  private restingUntil = 0;
  private stopped = false;
  private stopHearingConnects: (() => void) | undefined;

  constructor(
    private readonly outbox: OutboxRepository,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
    private readonly broker: BrokerConnection,
    private readonly metrics: OutboxMetrics,
    @Inject(API_ENVIRONMENT) private readonly environment: ApiEnvironment,
  ) {
    this.listener = new OutboxListener(environment.DATABASE_URL, () => this.wake());
  }

  onApplicationBootstrap(): void {
    this.stopHearingConnects = this.broker.onConnect(() => this.onBrokerConnect());
    this.listener.start();
    this.wake();
  }

  /** Stops starting passes and lets the running one finish (its rows are marked or released). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.stopHearingConnects?.();
    await this.listener.stop();
    await this.pass;
  }

  /** A reconnected broker ends any backoff. */
  private onBrokerConnect(): void {
    this.failedPasses = 0;
    this.restingUntil = 0;
    this.wake();
  }

  /** Runs a pass now, or right after the running one, unless the relay is resting. */
  wake(): void {
    if (this.stopped) return;
    if (this.pass) {
      this.wakeAgain = true;
      return;
    }
    // The timer set when the rest began ends it.
    if (Date.now() < this.restingUntil) return;
    clearTimeout(this.timer);
    this.pass = this.run()
      .catch((error: unknown) => {
        this.logger.warn({ error: loggableError(error) }, 'outbox pass failed');
        return this.rest(this.backoffMs());
      })
      .then((delayMs) => {
        this.pass = undefined;
        this.sleep(delayMs);
        if (this.wakeAgain) {
          this.wakeAgain = false;
          this.wake();
        }
      });
  }

  private sleep(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.restingUntil = 0;
      this.wake();
    }, delayMs);
  }

  /** One pass; answers how long to wait before the next. */
  private async run(): Promise<number> {
    const { OUTBOX_BATCH_SIZE: batchSize, OUTBOX_CLAIM_TTL_MS: claimMs } = this.environment;
    if (!this.broker.isConnected()) {
      await this.refreshBacklog();
      return this.rest(this.environment.OUTBOX_POLL_INTERVAL_MS);
    }
    for (;;) {
      const claimed = await this.outbox.claimDue(new Date(), batchSize, claimMs);
      if (claimed.length === 0) break;
      const published = await this.publish(claimed);
      if (!published) {
        await this.refreshBacklog();
        return this.rest(this.backoffMs());
      }
      if (claimed.length < batchSize || this.stopped) break;
    }
    this.failedPasses = 0;
    const { nextDueAt } = await this.refreshBacklog();
    const untilNext = nextDueAt ? nextDueAt.getTime() - Date.now() : Infinity;
    return Math.max(0, Math.min(untilNext, this.environment.OUTBOX_POLL_INTERVAL_MS));
  }

  /** Publishes a batch concurrently; true when the broker confirmed every message. */
  private async publish(claimed: ClaimedMessage[]): Promise<boolean> {
    const results = await Promise.allSettled(
      claimed.map(({ exchange, routingKey, envelope }) =>
        this.publisher.publish({ exchange, routingKey, envelope }),
      ),
    );
    const sent: ClaimedMessage[] = [];
    const failed: Array<{ id: string; error: string }> = [];
    results.forEach((result, index) => {
      const message = claimed[index];
      if (result.status === 'fulfilled') {
        sent.push(message);
        return;
      }
      const error: unknown = result.reason;
      this.metrics.failed(error instanceof PublishError ? error.reason : 'error');
      failed.push({
        id: message.id,
        error: error instanceof Error ? error.message : String(error),
      });
    });
    await this.outbox.markSent(
      sent.map(({ id }) => id),
      new Date(),
    );
    await this.outbox.release(failed);
    this.logger.debug(`published ${sent.length} outbox message(s)`);
    this.metrics.sent(sent);
    if (failed.length > 0) {
      this.logger.warn(
        `${failed.length} of ${claimed.length} outbox message(s) not confirmed, retrying: ${failed[0].error}`,
      );
    }
    return failed.length === 0;
  }

  private async refreshBacklog() {
    const backlog = await this.outbox.backlog(new Date());
    this.metrics.backlog(backlog);
    return backlog;
  }

  /** Keeps notifications from starting passes for `delayMs`; answers the delay. */
  private rest(delayMs: number): number {
    this.restingUntil = Date.now() + delayMs;
    return delayMs;
  }

  private backoffMs(): number {
    this.failedPasses += 1;
    return Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** Math.min(this.failedPasses - 1, 10));
  }
}
