import { exchanges, queues } from '@profile/messaging';
import type { TaskMessage, TaskResultMessage } from '@profile/profile-domain';
import { connect } from 'amqplib';
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { randomUUID } from 'node:crypto';

/** The test's side of the broker: publishes tasks and events as the api would, reads results. */
export class Broker {
  readonly results: TaskResultMessage[] = [];
  private resultsConsumerTag: string | undefined;

  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: ConfirmChannel,
  ) {}

  static async connect(url: string): Promise<Broker> {
    const connection = await connect(url);
    return new Broker(connection, await connection.createConfirmChannel());
  }

  /** Collects everything the worker sends on tasks.results (the queue exists once a worker ran). */
  async collectResults(): Promise<void> {
    const { consumerTag } = await this.channel.consume(
      queues.taskResults,
      (message) => {
        if (!message) return;
        this.results.push(JSON.parse(message.content.toString()) as TaskResultMessage);
        this.channel.ack(message);
      },
      { noAck: false },
    );
    this.resultsConsumerTag = consumerTag;
  }

  /** Stops collecting results; they stay queued until collectResults runs again. */
  async pauseResults(): Promise<void> {
    if (this.resultsConsumerTag) await this.channel.cancel(this.resultsConsumerTag);
    this.resultsConsumerTag = undefined;
  }

  /**
   * Publishes filler into `queue` until the broker refuses one: a quorum queue past its length
   * limit with reject-publish then nacks every publish into it.
   */
  async fillUntilRefused(queue: string, maxMessages = 100): Promise<void> {
    const filler = Buffer.from(JSON.stringify({ type: 'filler', payload: {} }));
    for (let sent = 0; sent < maxMessages; sent += 1) {
      this.channel.publish('', queue, filler, { persistent: true });
      try {
        await this.channel.waitForConfirms();
      } catch {
        return;
      }
    }
    throw new Error(`${queue} took ${maxMessages} messages without refusing one`);
  }

  async publishTask<T extends TaskMessage['type']>(
    type: T,
    payload: Extract<TaskMessage, { type: T }>['payload'],
    overrides: Partial<TaskMessage> = {},
  ): Promise<TaskMessage> {
    const now = new Date().toISOString();
    const message = {
      id: randomUUID(),
      correlationId: `test-${randomUUID()}`,
      type,
      attempt: 1,
      occurredAt: now,
      taskId: randomUUID(),
      runAt: now,
      payload,
      ...overrides,
    } as TaskMessage;
    await this.publishRaw(exchanges.tasks, type, Buffer.from(JSON.stringify(message)), message.id);
    return message;
  }

  async publishRaw(
    exchange: string,
    routingKey: string,
    content: Buffer,
    messageId: string = randomUUID(),
  ) {
    this.channel.publish(exchange, routingKey, content, {
      persistent: true,
      messageId,
      mandatory: true,
    });
    await this.channel.waitForConfirms();
  }

  /** The outcomes and started messages of one task, in arrival order. */
  resultsOf(taskId: string): Array<{ type: string; payload: Record<string, unknown> }> {
    return this.results
      .filter((message) => message.payload.taskId === taskId)
      .map(({ type, payload }) => ({ type, payload: payload as Record<string, unknown> }));
  }

  /** A queue's depth and consumers; rejects while the queue does not exist yet. */
  async depth(queue: string): Promise<{ ready: number; consumers: number }> {
    const channel = await this.connection.createChannel();
    // A missing queue closes the channel with 404: the promise below rejects with it, and the
    // channel's own 'error' event, unheard, would crash the test process.
    let closedByServer = false;
    channel.on('error', () => {
      closedByServer = true;
    });
    try {
      const { messageCount, consumerCount } = await channel.checkQueue(queue);
      return { ready: messageCount, consumers: consumerCount };
    } finally {
      if (!closedByServer) await channel.close().catch(() => undefined);
    }
  }

  /** The message ids waiting in a queue, left there. */
  async peekIds(queue: string): Promise<string[]> {
    const channel = await this.connection.createChannel();
    const found: string[] = [];
    for (let message = await channel.get(queue); message; message = await channel.get(queue)) {
      found.push(String(message.properties.messageId));
    }
    await channel.close();
    return found;
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
