import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Options } from 'amqp-connection-manager';
import type { ConfirmChannel, Message, MessageFields } from 'amqplib';
import { encodeEnvelope } from './amqp-message';
import { onChannelError } from './managed-channel';
import {
  MessagePublisher,
  OutgoingMessage,
  PublishError,
  PublishOutcome,
} from './message-publisher';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging-environment';
import { declareTopology } from './topology';

/**
 * Publishes through golevelup's AmqpConnection, on its default channel (a confirm channel that
 * amqp-connection-manager reopens after a reconnect), with `mandatory`, and resolves only on the
 * broker's ack. A basic.return for the message (which the broker sends before its ack) turns the
 * ack into a `returned` failure; messages are matched to returns by message id.
 */
@Injectable()
export class ConfirmedPublisher implements MessagePublisher {
  /** Message ids being published → the reply text of their return, once returned. */
  private readonly inFlight = new Map<string, string | undefined>();
  private readonly timeoutMs: number;
  private readonly logger = new Logger(ConfirmedPublisher.name);
  /** The raw channel the last setup ran on. */
  private channel: ConfirmChannel | undefined;

  constructor(
    private readonly amqp: AmqpConnection,
    @Inject(MESSAGING_OPTIONS) { environment }: MessagingOptions,
  ) {
    this.timeoutMs = environment.PUBLISH_TIMEOUT_MS;
    // Every (re)opened channel declares what it publishes to and listens for returns. A channel the
    // broker closes on its own is opened again only on a reconnect, so a channel error forces one.
    void amqp.managedChannel.addSetup(async (channel: ConfirmChannel) => {
      this.channel = channel;
      onChannelError(
        amqp,
        channel,
        () => this.channel === channel,
        () => {
          this.logger.warn('publishing channel closed by the broker: reconnecting');
          amqp.managedConnection.reconnect();
        },
      );
      channel.on('return', (message: Message) => this.onReturn(message));
      await declareTopology(channel);
    });
  }

  async publish({ exchange, routingKey, envelope }: OutgoingMessage): Promise<void> {
    const { content, properties } = encodeEnvelope(envelope);
    this.inFlight.set(envelope.id, undefined);
    try {
      // golevelup hands the options to amqp-connection-manager, which also takes a timeout.
      const options: Options.Publish = { ...properties, mandatory: true, timeout: this.timeoutMs };
      await this.amqp.publish(exchange, routingKey, content, options);
      const returned = this.inFlight.get(envelope.id);
      if (returned !== undefined) throw new PublishError('returned', envelope.id, returned);
    } catch (error) {
      throw error instanceof PublishError ? error : publishFailure(envelope.id, error);
    } finally {
      this.inFlight.delete(envelope.id);
    }
  }

  async publishBatch(messages: readonly OutgoingMessage[]): Promise<PublishOutcome[]> {
    const results = await Promise.allSettled(messages.map((message) => this.publish(message)));
    return results.map((result) =>
      result.status === 'fulfilled' ? undefined : (result.reason as PublishError),
    );
  }

  private onReturn(message: Message): void {
    const id = message.properties.messageId as string | undefined;
    if (id !== undefined && this.inFlight.has(id)) {
      const { replyCode, replyText, exchange, routingKey } = message.fields as ReturnFields;
      this.inFlight.set(
        id,
        `${replyCode} ${replyText} (exchange "${exchange}", key "${routingKey}")`,
      );
    }
  }
}

/** basic.return's fields, which amqplib's types leave out. */
interface ReturnFields extends MessageFields {
  replyCode: number;
  replyText: string;
}

function publishFailure(messageId: string, error: unknown): PublishError {
  const detail = error instanceof Error ? error.message : String(error);
  // The messages of amqp-connection-manager's timeout and amqplib's confirm callback.
  if (detail === 'timeout') return new PublishError('timeout', messageId, 'no confirm in time');
  if (detail === 'message nacked') return new PublishError('nacked', messageId, detail);
  return new PublishError('unconfirmed', messageId, detail);
}
