import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import type { ConfirmChannel, ConsumeMessage, Message, Options } from 'amqplib';
import { lastValueFrom } from 'rxjs';
import { envelopeType, parseBody, validateEnvelope } from './amqp-message';
import { AmqpContext } from './amqp-context';
import type { ConsumeExtras } from './consume.decorator';
import { ReopeningChannel } from './managed-channel';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging-environment';
import { RETRY_COUNT_HEADER, retryDelayMs } from './retry-delay';
import { RetryLater } from './retry-later';
import { delayQueueOf } from './topology';

/** Where a queue's consumer stands, for health checks and status pages. */
export interface ConsumerState {
  queue: string;
  consuming: boolean;
}

interface QueueConsumer {
  queue: string;
  channel?: ReopeningChannel;
  /** The raw channel and tag of the running consumer; absent while none runs. */
  current?: { channel: ConfirmChannel; consumerTag: string };
}

/** How long after the broker cancelled a consumer it consumes again. */
const RECONSUME_DELAY_MS = 1_000;

/**
 * The `@nestjs/microservices` transport of both apps: consumes every queue that a `@Consume`
 * handler names, on a channel of its own (prefetch is per channel), with explicit acks. Each
 * delivery goes to the handler of its envelope's `type`: a body that is not JSON, has no handler
 * on that queue or fails the handler's schema is dead-lettered at once (nack without requeue); a
 * handler that throws RetryLater has it parked in the queue's delay queue (see retryLater); one
 * that throws anything else has it requeued (the queue's delivery limit then dead-letters it);
 * one that resolves has it acked. A consumer the broker cancels consumes again.
 *
 * Shutdown (Nest calls `close` once the HTTP server has stopped) cancels every consumer first,
 * lets in-flight messages finish for CONSUMER_DRAIN_TIMEOUT_MS, aborts the rest (which go back to
 * their queue), then closes the channels.
 */
@Injectable()
export class RabbitMqTransport extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(RabbitMqTransport.name);
  private readonly consumers: QueueConsumer[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private stopping = false;

  constructor(
    private readonly amqp: AmqpConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {
    super();
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  consumerStates(): ConsumerState[] {
    return this.consumers.map(({ queue, current }) => ({
      queue,
      consuming: current !== undefined,
    }));
  }

  listen(callback: () => void): void {
    for (const queue of this.consumedQueues()) {
      const consumer: QueueConsumer = { queue };
      consumer.channel = new ReopeningChannel(this.amqp, `consumer:${queue}`, (channel) =>
        this.startConsuming(consumer, channel),
      );
      this.consumers.push(consumer);
    }
    callback();
  }

  async close(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.consumers.map((consumer) => cancel(consumer)));
    if (this.inFlight.size > 0) {
      this.logger.log(`waiting for ${this.inFlight.size} in-flight message(s)`);
      const drainMs = this.options.environment.CONSUMER_DRAIN_TIMEOUT_MS;
      if (!(await settlesWithin([...this.inFlight], drainMs))) {
        this.logger.warn(
          `aborting ${this.inFlight.size} in-flight message(s): they go back to the queue`,
        );
        this.abort.abort();
        await Promise.allSettled([...this.inFlight]);
      }
    }
    await Promise.all(this.consumers.map(({ channel }) => channel?.close()));
  }

  on(): never {
    throw new Error('RabbitMqTransport emits no events; see consumerStates()');
  }

  unwrap<T>(): T {
    return this.amqp as T;
  }

  private consumedQueues(): Set<string> {
    const queues = new Set<string>();
    for (const [pattern, handler] of this.messageHandlers) {
      const extras = handler.extras as Partial<ConsumeExtras> | undefined;
      if (!handler.isEventHandler || !extras?.queue || !extras.schema) {
        throw new Error(`the handler of "${pattern}" was not registered with @Consume`);
      }
      queues.add(extras.queue);
    }
    return queues;
  }

  private async startConsuming(consumer: QueueConsumer, channel: ConfirmChannel): Promise<void> {
    consumer.current = undefined;
    // A reconnect during shutdown must not start consuming again.
    if (this.stopping) return;
    await channel.prefetch(this.options.prefetch[consumer.queue] ?? 1);
    channel.once('close', () => {
      if (consumer.current?.channel === channel) consumer.current = undefined;
    });
    const { consumerTag } = await channel.consume(consumer.queue, (message) => {
      if (message) this.track(this.deliver(consumer.queue, channel, message));
      else void this.cancelledByBroker(consumer, channel);
    });
    consumer.current = { channel, consumerTag };
  }

  /** The broker cancelled the consumer (its queue was deleted, say): consume again shortly. */
  private async cancelledByBroker(consumer: QueueConsumer, channel: ConfirmChannel): Promise<void> {
    this.logger.warn(`the broker cancelled the consumer of ${consumer.queue}: consuming again`);
    consumer.current = undefined;
    await new Promise((resolve) => setTimeout(resolve, RECONSUME_DELAY_MS));
    if (this.stopping) return;
    // On a queue that is gone this fails and closes the channel, whose replacement declares it.
    await this.startConsuming(consumer, channel).catch((error: unknown) =>
      this.logger.warn(`could not consume ${consumer.queue} again: ${String(error)}`),
    );
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async deliver(
    queue: string,
    channel: ConfirmChannel,
    message: ConsumeMessage,
  ): Promise<void> {
    const ids = {
      queue,
      messageId: message.properties.messageId as string | undefined,
      correlationId: message.properties.correlationId as string | undefined,
    };
    const parsed = parseBody(message);
    const handler = parsed.ok ? this.handlerFor(queue, envelopeType(parsed.body)) : undefined;
    if (!parsed.ok || !handler) {
      const reason = parsed.ok ? 'no handler for its type on this queue' : parsed.error;
      this.logger.warn({ ...ids, reason }, 'invalid message: dead-lettered');
      return settle(message, () => channel.nack(message, false, false));
    }
    const decoded = validateEnvelope(parsed.body, (handler.extras as ConsumeExtras).schema);
    if (!decoded.ok) {
      this.logger.warn({ ...ids, reason: decoded.error }, 'invalid message: dead-lettered');
      return settle(message, () => channel.nack(message, false, false));
    }
    try {
      const context = new AmqpContext([message, queue, this.abort.signal]);
      const result = this.transformToObservable(await handler(decoded.envelope, context));
      await lastValueFrom(result, { defaultValue: undefined });
    } catch (error) {
      if (error instanceof RetryLater) return this.retryLater(channel, message, ids, error);
      this.logger.warn({ ...ids, reason: reasonOf(error) }, 'handling failed: requeued');
      return settle(message, () => channel.nack(message, false, true));
    }
    settle(message, () => channel.ack(message));
  }

  /**
   * Parks the message in its queue's delay queue (a copy with the same properties and one more
   * retry counted, expiring after the backoff) and acks it once the broker confirmed the copy. If
   * the copy is not confirmed, the message is requeued as for any failure.
   */
  private async retryLater(
    channel: ConfirmChannel,
    message: ConsumeMessage,
    ids: { queue: string; messageId?: string; correlationId?: string },
    error: RetryLater,
  ): Promise<void> {
    const retries = retryCountOf(message) + 1;
    const delayMs = retryDelayMs(retries, error.afterMs);
    // The broker returns (before its ack) a copy that no queue took: the delay queue was deleted.
    let returned = false;
    const onReturn = (copy: Message) => {
      if (copy.properties.messageId === message.properties.messageId) returned = true;
    };
    channel.on('return', onReturn);
    try {
      await withTimeout(
        new Promise<void>((resolve, reject) =>
          channel.sendToQueue(
            delayQueueOf(ids.queue),
            message.content,
            {
              ...publishedProperties(message),
              headers: { ...message.properties.headers, [RETRY_COUNT_HEADER]: retries },
              expiration: String(delayMs),
              mandatory: true,
            },
            (nack: unknown) => (nack ? reject(new Error('copy nacked')) : resolve()),
          ),
        ),
        this.options.environment.PUBLISH_TIMEOUT_MS,
      );
      if (returned) throw new Error('copy returned: no delay queue');
    } catch (parking) {
      this.logger.warn(
        { ...ids, reason: error.message, parking: reasonOf(parking) },
        'could not park for a retry: requeued',
      );
      return settle(message, () => channel.nack(message, false, true));
    } finally {
      channel.off('return', onReturn);
    }
    this.logger.warn({ ...ids, reason: error.message, retries, delayMs }, 'retrying later');
    settle(message, () => channel.ack(message));
  }

  private handlerFor(queue: string, type: string | undefined): MessageHandler | undefined {
    if (type === undefined) return undefined;
    const handler = this.getHandlerByPattern(type);
    return handler && (handler.extras as ConsumeExtras).queue === queue ? handler : undefined;
  }
}

/** Acks or nacks on the channel the message came on; if that closed, the broker has requeued it. */
function settle(message: ConsumeMessage, action: () => void): void {
  try {
    action();
  } catch (error) {
    new Logger(RabbitMqTransport.name).warn(
      { messageId: message.properties.messageId as string | undefined },
      `could not settle (channel gone, the broker requeues it): ${String(error)}`,
    );
  }
}

function retryCountOf(message: ConsumeMessage): number {
  const count = Number(message.properties.headers?.[RETRY_COUNT_HEADER] ?? 0);
  return Number.isSafeInteger(count) && count > 0 ? count : 0;
}

/** The properties a delivered message was published with, to publish a copy of it. */
function publishedProperties({ properties }: ConsumeMessage): Options.Publish {
  return {
    persistent: true,
    contentType: properties.contentType as string | undefined,
    contentEncoding: properties.contentEncoding as string | undefined,
    messageId: properties.messageId as string | undefined,
    correlationId: properties.correlationId as string | undefined,
    type: properties.type as string | undefined,
    timestamp: properties.timestamp as number | undefined,
    appId: properties.appId as string | undefined,
  };
}

async function withTimeout(work: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no confirm in time')), timeoutMs);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function cancel(consumer: QueueConsumer): Promise<void> {
  const current = consumer.current;
  consumer.current = undefined;
  if (!current) return;
  try {
    await current.channel.cancel(current.consumerTag);
  } catch {
    // The channel is already gone, and with it the consumer.
  }
}

/** What an error says; Nest's RPC exception filter turns a thrown error into `{status, message}`. */
function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return String(error.message);
  }
  return String(error);
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
