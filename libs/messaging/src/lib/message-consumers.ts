import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { z } from 'zod';
import { decodeEnvelope } from './amqp-message';
import { ManagedChannel, openManagedChannel } from './managed-channel';

export const CONSUMER_OPTIONS = Symbol('CONSUMER_OPTIONS');

export interface ConsumerOptions {
  /** On shutdown, how long in-flight handlers may run before they are asked to abort. */
  drainTimeoutMs: number;
}

export interface Delivery<Envelope> {
  envelope: Envelope;
  redelivered: boolean;
  /** Aborted when shutdown stops waiting; a handler then gives up and the message is requeued. */
  signal: AbortSignal;
}

export interface ConsumerDefinition<Schema extends z.ZodType> {
  queue: string;
  prefetch: number;
  schema: Schema;
  /**
   * Resolving acks the message. Throwing nacks it with requeue, so the queue's delivery limit
   * bounds the retries and then dead-letters it. An envelope that fails `schema` never reaches
   * the handler: it is rejected without requeue, straight to the dead-letter queue.
   */
  handle(delivery: Delivery<z.output<Schema>>): Promise<void>;
}

interface RunningConsumer {
  managed: ManagedChannel;
  current?: { channel: ConfirmChannel; consumerTag: string };
}

/**
 * Consumers with explicit acknowledgement, on channels of their own (prefetch is per channel).
 * Shutdown cancels every consumer first, lets in-flight messages finish for a while, aborts the
 * rest (which are requeued), then closes the channels.
 */
@Injectable()
export class MessageConsumers implements BeforeApplicationShutdown {
  private readonly logger = new Logger(MessageConsumers.name);
  private readonly consumers: RunningConsumer[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private stopping = false;

  constructor(
    private readonly amqp: AmqpConnection,
    @Inject(CONSUMER_OPTIONS) private readonly options: ConsumerOptions,
  ) {}

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  consume<Schema extends z.ZodType>(definition: ConsumerDefinition<Schema>): void {
    const consumer: RunningConsumer = {
      managed: openManagedChannel(this.amqp, `consumer:${definition.queue}`, async (channel) => {
        // A reconnect during shutdown must not start consuming again.
        if (this.stopping) return;
        await channel.prefetch(definition.prefetch);
        const { consumerTag } = await channel.consume(definition.queue, (message) => {
          if (message) this.track(this.deliver(channel, message, definition));
        });
        consumer.current = { channel, consumerTag };
      }),
    };
    this.consumers.push(consumer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.consumers.map((consumer) => cancel(consumer)));
    if (this.inFlight.size > 0) {
      this.logger.log(`waiting for ${this.inFlight.size} in-flight message(s)`);
      const drained = await settlesWithin([...this.inFlight], this.options.drainTimeoutMs);
      if (!drained) {
        this.logger.warn(
          `aborting ${this.inFlight.size} in-flight message(s): they go back to the queue`,
        );
        this.abort.abort();
        await Promise.allSettled([...this.inFlight]);
      }
    }
    await Promise.all(this.consumers.map(({ managed }) => managed.close()));
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async deliver<Schema extends z.ZodType>(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    definition: ConsumerDefinition<Schema>,
  ): Promise<void> {
    const ids = {
      queue: definition.queue,
      messageId: message.properties.messageId as string | undefined,
      correlationId: message.properties.correlationId as string | undefined,
    };
    const decoded = decodeEnvelope(message, definition.schema);
    if (!decoded.ok) {
      this.logger.warn({ ...ids, reason: decoded.error }, 'invalid message: dead-lettered');
      return settle(message, () => channel.nack(message, false, false));
    }
    try {
      await definition.handle({
        envelope: decoded.envelope,
        redelivered: message.fields.redelivered,
        signal: this.abort.signal,
      });
    } catch (error) {
      this.logger.warn(
        { ...ids, reason: error instanceof Error ? error.message : String(error) },
        'handling failed: requeued',
      );
      return settle(message, () => channel.nack(message, false, true));
    }
    settle(message, () => channel.ack(message));
  }
}

/** Acks or nacks on the channel the message came on; if that closed, the broker has requeued it. */
function settle(message: ConsumeMessage, action: () => void): void {
  try {
    action();
  } catch (error) {
    new Logger(MessageConsumers.name).warn(
      { messageId: message.properties.messageId as string | undefined },
      `could not settle (channel gone, the broker requeues it): ${String(error)}`,
    );
  }
}

async function cancel({ current }: RunningConsumer): Promise<void> {
  if (!current) return;
  try {
    await current.channel.cancel(current.consumerTag);
  } catch {
    // The channel is already gone, and with it the consumer.
  }
}

async function settlesWithin(work: Promise<void>[], timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([Promise.allSettled(work).then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
