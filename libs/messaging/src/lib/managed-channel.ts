import type { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import type { ChannelWrapper } from 'amqp-connection-manager';
import { Logger } from '@nestjs/common';
import type { Channel, ConfirmChannel } from 'amqplib';
import { declareTopology } from './topology';

export type ManagedChannel = ChannelWrapper;

/** How long after a channel closed the connection must still be up to call it a channel error. */
const CHANNEL_ERROR_GRACE_MS = 1_000;
/** The longest a channel that keeps failing waits before it is opened again. */
const MAX_REOPEN_DELAY_MS = 30_000;

/**
 * Calls `recover` when `channel` closes although the connection stays up: the broker closed just
 * this channel (PRECONDITION_FAILED, a failed declaration, an unknown delivery tag). When the whole
 * connection went instead, amqp-connection-manager sets every channel up again on reconnect, which
 * `isCurrent` notices: it answers whether `channel` is still the latest one set up.
 */
export function onChannelError(
  amqp: AmqpConnection,
  channel: Channel,
  isCurrent: () => boolean,
  recover: () => void,
): void {
  channel.once('close', () => {
    setTimeout(() => {
      if (isCurrent() && amqp.managedConnection.isConnected()) recover();
    }, CHANNEL_ERROR_GRACE_MS);
  });
}

/**
 * A channel of the shared connection that survives reconnects and channel errors: on every (re)open
 * it declares the topology, then runs `setup` (prefetch, consumers, listeners).
 * amqp-connection-manager reopens a channel only when the whole connection comes back, so a channel
 * the broker closed on its own would stay closed for good; this one is replaced instead.
 */
export class ReopeningChannel {
  private readonly logger: Logger;
  private managed: ManagedChannel;
  /** The raw channel the last setup ran on. */
  private current: Channel | undefined;
  /** Channel errors since the last setup that went through, for the backoff. */
  private failures = 0;
  private reopenTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly amqp: AmqpConnection,
    private readonly name: string,
    private readonly setup: (channel: ConfirmChannel) => Promise<void>,
  ) {
    this.logger = new Logger(`amqp:${name}`);
    this.managed = this.open();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reopenTimer);
    await this.managed.close();
  }

  private open(): ManagedChannel {
    const managed = this.amqp.managedConnection.createChannel({
      name: this.name,
      confirm: true,
      setup: async (channel: ConfirmChannel) => {
        this.current = channel;
        onChannelError(
          this.amqp,
          channel,
          () => !this.closed && this.current === channel,
          () => this.reopen(),
        );
        await declareTopology(channel);
        await this.setup(channel);
        this.failures = 0;
      },
    });
    // Without a listener an 'error' event would throw; a failed setup closes the channel, which
    // onChannelError then replaces.
    managed.on('error', (error: Error) =>
      this.logger.error(`channel setup failed: ${error.message}`),
    );
    return managed;
  }

  /** Replaces the channel, backing off while it keeps failing (a declaration the broker refuses). */
  private reopen(): void {
    const delayMs =
      Math.min(MAX_REOPEN_DELAY_MS, 2 ** this.failures * 1_000) - CHANNEL_ERROR_GRACE_MS;
    this.failures += 1;
    this.logger.warn(
      `channel closed by the broker: opening a new one in ${delayMs + CHANNEL_ERROR_GRACE_MS} ms`,
    );
    this.reopenTimer = setTimeout(() => {
      if (this.closed) return;
      const previous = this.managed;
      this.managed = this.open();
      void previous.close().catch(() => undefined);
    }, delayMs);
  }
}
