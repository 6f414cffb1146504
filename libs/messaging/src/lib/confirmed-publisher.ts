import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Message, MessageFields } from 'amqplib';
import { encodeEnvelope } from './amqp-message';
import { ManagedChannel, openManagedChannel } from './managed-channel';
import { MessagePublisher, OutgoingMessage, PublishError } from './message-publisher';

export const PUBLISHER_OPTIONS = Symbol('PUBLISHER_OPTIONS');

export interface PublisherOptions {
  publishTimeoutMs: number;
}

/**
 * Publishes on a dedicated confirm channel with `mandatory`, and resolves only on the broker's
 * ack. A basic.return for the message (which the broker sends before its ack) turns the ack into
 * a `returned` failure; messages are matched to returns by message id.
 */
@Injectable()
export class ConfirmedPublisher implements MessagePublisher, OnApplicationShutdown {
  private readonly channel: ManagedChannel;
  /** Message ids being published → the reply text of their return, once returned. */
  private readonly inFlight = new Map<string, string | undefined>();

  constructor(
    amqp: AmqpConnection,
    @Inject(PUBLISHER_OPTIONS) private readonly options: PublisherOptions,
  ) {
    this.channel = openManagedChannel(amqp, 'publisher', async (channel) => {
      channel.on('return', (message: Message) => this.onReturn(message));
    });
  }

  async publish({ exchange, routingKey, envelope }: OutgoingMessage): Promise<void> {
    const { content, properties } = encodeEnvelope(envelope);
    this.inFlight.set(envelope.id, undefined);
    try {
      await this.channel.publish(exchange, routingKey, content, {
        ...properties,
        mandatory: true,
        timeout: this.options.publishTimeoutMs,
      });
      const returned = this.inFlight.get(envelope.id);
      if (returned !== undefined) throw new PublishError('returned', envelope.id, returned);
    } catch (error) {
      throw error instanceof PublishError ? error : publishFailure(envelope.id, error);
    } finally {
      this.inFlight.delete(envelope.id);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel.close();
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
