import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { BrokerConnection, MESSAGE_PUBLISHER } from '@profile/messaging';
import type { MessagePublisher } from '@profile/messaging';
import { API_ENVIRONMENT, ApiEnvironment } from '../config/api-environment';
import { loggableError } from '../problems/loggable-error';
import type { ClaimedMessage } from './outbox-message';
import { OutboxListener } from './outbox-listener';
import { OutboxMetrics } from './outbox.metrics';
import { OutboxRepository } from './outbox.repository';
import { RelayOwner } from './relay-owner';

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
/** Two: the next batch is claimed while one awaits its confirms; more would only hold more rows. */
const BATCHES_IN_FLIGHT = 2;
/** How soon a relay looks again at due rows another relay holds, which it takes once that one dies. */
const RECHECK_OTHERS_CLAIMS_MS = 1_000;

/**
 * Publishes the outbox. A pass claims due rows in batches, publishes each batch with confirms
 * outside any transaction, marks what the broker confirmed as sent and releases the rest for the
 * next round. Passes start when a change commits rows due now (LISTEN/NOTIFY), on a timer set for
 * the earliest row not yet due (which a notification of an earlier one brings forward), and at
 * least every OUTBOX_POLL_INTERVAL_MS as a safety net. While RabbitMQ is away they claim nothing and
 * the relay waits for the connection to come back; after failed publishes it backs off
 * exponentially, and notifications do not cut a backoff short. Any number of replicas may run it:
 * each claims as the owner it holds a lock for (RelayOwner), and takes over the claims of an owner
 * that died at its next pass rather than when they lapse (a pass that leaves due rows of others
 * looks again within RECHECK_OTHERS_CLAIMS_MS).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly listener: OutboxListener;
  private readonly owner: RelayOwner;
  private timer: NodeJS.Timeout | undefined;
  /** When the timer fires (ms since the epoch). */
  private timerAt = Infinity;
  /** The earliest due time notified while a pass ran. */
  private notifiedDueAt = Infinity;
  private pass: Promise<void> | undefined;
  private wakeAgain = false;
  private failedPasses = 0;
  /** No pass starts before this time (ms since the epoch), except when the broker reconnects. */
  private restingUntil = 0;
  /** The rest ended while the running pass ran: that pass starts no new one. */
  private restEndedDuringPass = false;
  private stopped = false;
  private stopHearingConnects: (() => void) | undefined;

  constructor(
    private readonly outbox: OutboxRepository,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
    private readonly broker: BrokerConnection,
    private readonly metrics: OutboxMetrics,
    @Inject(API_ENVIRONMENT) private readonly environment: ApiEnvironment,
  ) {
    this.listener = new OutboxListener(environment.DATABASE_URL, (dueAt) => this.onNotify(dueAt));
    this.owner = new RelayOwner(environment.DATABASE_URL, () => this.endRest());
  }

  onApplicationBootstrap(): void {
    this.stopHearingConnects = this.broker.onConnect(() => this.endRest());
    this.owner.start();
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
    await this.owner.stop();
  }

  /**
   * A reconnected broker, or the owner lock taken, ends any backoff, as well as the rest a pass
   * running now would start for what it found before.
   */
  private endRest(): void {
    this.failedPasses = 0;
    this.restingUntil = 0;
    this.restEndedDuringPass = this.pass !== undefined;
    this.wake();
  }

  /**
   * A notification: rows due by now start a pass; rows due later only bring the timer forward
   * (a pass running now sleeps no longer than until them).
   */
  private onNotify(dueAt: number | undefined): void {
    if (dueAt === undefined || dueAt <= Date.now()) return this.wake();
    if (this.pass) {
      this.notifiedDueAt = Math.min(this.notifiedDueAt, dueAt);
      return;
    }
    if (Date.now() >= this.restingUntil && dueAt < this.timerAt) this.sleep(dueAt - Date.now());
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
    this.timerAt = Infinity;
    this.notifiedDueAt = Infinity;
    this.restEndedDuringPass = false;
    this.pass = this.run()
      .catch((error: unknown) => {
        this.logger.warn({ error: loggableError(error) }, 'outbox pass failed');
        return this.rest(this.backoffMs());
      })
      .then((delayMs) => {
        this.pass = undefined;
        const resting = Date.now() < this.restingUntil;
        this.sleep(resting ? delayMs : Math.min(delayMs, this.notifiedDueAt - Date.now()));
        if (this.wakeAgain) {
          this.wakeAgain = false;
          this.wake();
        }
      });
  }

  private sleep(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const delay = Math.max(0, delayMs);
    this.timerAt = Date.now() + delay;
    this.timer = setTimeout(() => {
      this.restingUntil = 0;
      this.wake();
    }, delay);
  }

  /** One pass; answers how long to wait before the next. */
  private async run(): Promise<number> {
    if (!this.broker.isConnected() || this.owner.id === undefined) {
      await this.refreshBacklog();
      return this.rest(this.environment.OUTBOX_POLL_INTERVAL_MS);
    }
    if (!(await this.publishDue())) {
      await this.refreshBacklog();
      return this.rest(this.backoffMs());
    }
    this.failedPasses = 0;
    const { pending, claimable, nextDueAt } = await this.refreshBacklog();
    // Rows fell due (or their owner died) since the last claim: another pass takes them now.
    if (claimable > 0) return 0;
    const untilNext = nextDueAt ? nextDueAt.getTime() - Date.now() : Infinity;
    // Due rows left are another live relay's: look again soon, to take them should it die.
    const untilRecheck = pending > 0 ? RECHECK_OTHERS_CLAIMS_MS : Infinity;
    return Math.min(untilNext, untilRecheck, this.environment.OUTBOX_POLL_INTERVAL_MS);
  }

  /**
   * Claims and publishes due rows until none is left, the next batch claimed while earlier ones
   * await their confirms (at most BATCHES_IN_FLIGHT at a time); true when the broker confirmed
   * every message.
   */
  private async publishDue(): Promise<boolean> {
    const { OUTBOX_BATCH_SIZE: batchSize, OUTBOX_CLAIM_TTL_MS: claimMs } = this.environment;
    const inFlight = new Set<Promise<void>>();
    let allConfirmed = true;
    let failure: unknown;
    try {
      for (let more = true; more && allConfirmed && failure === undefined;) {
        const owner = this.owner.id;
        if (owner === undefined) break;
        const claimed = await this.outbox.claimDue(new Date(), batchSize, claimMs, owner);
        if (claimed.length === 0) break;
        more = claimed.length === batchSize && !this.stopped;
        const batch: Promise<void> = this.publish(owner, claimed)
          .then(
            (confirmed) => {
              allConfirmed &&= confirmed;
            },
            (error: unknown) => {
              failure ??= error;
            },
          )
          .finally(() => inFlight.delete(batch));
        inFlight.add(batch);
        if (inFlight.size >= BATCHES_IN_FLIGHT) await Promise.race(inFlight);
      }
    } finally {
      await Promise.all(inFlight);
    }
    if (failure !== undefined) throw failure;
    return allConfirmed;
  }

  /** Publishes a batch, then marks it sent or releases it; true when every message was confirmed. */
  private async publish(owner: number, claimed: ClaimedMessage[]): Promise<boolean> {
    const outcomes = await this.publisher.publishBatch(claimed);
    const sent: ClaimedMessage[] = [];
    const failed: Array<{ id: string; error: string }> = [];
    outcomes.forEach((error, index) => {
      const message = claimed[index];
      if (error === undefined) {
        sent.push(message);
        return;
      }
      this.metrics.failed(error.reason);
      failed.push({ id: message.id, error: error.message });
    });
    await this.outbox.markSent(
      sent.map(({ id }) => id),
      new Date(),
    );
    await this.outbox.release(owner, failed);
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
    if (this.restEndedDuringPass) return 0;
    this.restingUntil = Date.now() + delayMs;
    return delayMs;
  }

  private backoffMs(): number {
    this.failedPasses += 1;
    return Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** Math.min(this.failedPasses - 1, 10));
  }
}
