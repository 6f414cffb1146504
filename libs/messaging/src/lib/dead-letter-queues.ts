import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable } from '@nestjs/common';
import type { ConfirmChannel } from 'amqplib';
import {
  deadLetterCounts,
  type DeadLetter,
  type DeadLetterMessage,
  discardDeadLetters,
  findDeadLetters,
  listDeadLetters,
  replayDeadLetters,
} from './dead-letters';

/** How many times a search for a message looks before it says the message is not there. */
const SEARCHES = 3;
const SEARCH_PAUSE_MS = 200;

/** RabbitMQ cannot be reached, so the dead-letter queues cannot be read. */
export class BrokerUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`RabbitMQ is not reachable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'BrokerUnavailableError';
  }
}

/**
 * The dead-letter queues on the app's connection: list, read, replay and discard their messages.
 * Each operation reads with basic.get on a channel of its own and closes it, which returns what it
 * read but did not remove. Operations of this process run one at a time, so that one does not miss
 * the messages another holds while it reads; an operation of another process at the same moment
 * may still miss them.
 */
@Injectable()
export class DeadLetterQueues {
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly amqp: AmqpConnection) {}

  /** The first `limit` messages, and how many each queue holds. */
  list(limit: number): Promise<{
    items: DeadLetter[];
    queues: Array<{ name: string; messages: number }>;
  }> {
    return this.withChannel(async (channel) => ({
      queues: await deadLetterCounts(channel),
      items: await listDeadLetters(channel, limit),
    }));
  }

  /** Every copy of the message with this id, with its content (none when it is not there). */
  read(messageId: string): Promise<DeadLetterMessage[]> {
    return this.untilFound((channel) => findDeadLetters(channel, messageId));
  }

  /** Republishes every copy of the message where it was first published (confirmed), then removes it. */
  replay(messageId: string): Promise<DeadLetter[]> {
    return this.untilFound(
      async (channel) => (await replayDeadLetters(channel, [messageId])).replayed,
    );
  }

  /** Removes every copy of the message for good. */
  discard(messageId: string): Promise<DeadLetter[]> {
    return this.untilFound(
      async (channel) => (await discardDeadLetters(channel, [messageId])).discarded,
    );
  }

  /**
   * Runs a search for a message, looking again a few times when it finds none: a message another
   * reader held (a listing of another replica, or a read that just closed its channel) goes back
   * to its quorum queue a moment after that reader let go of it.
   */
  private async untilFound<T>(search: (channel: ConfirmChannel) => Promise<T[]>): Promise<T[]> {
    for (let attempt = 1; ; attempt += 1) {
      const found = await this.withChannel(search);
      if (found.length > 0 || attempt === SEARCHES) return found;
      await new Promise((resolve) => setTimeout(resolve, SEARCH_PAUSE_MS));
    }
  }

  private withChannel<T>(work: (channel: ConfirmChannel) => Promise<T>): Promise<T> {
    const run = this.last.then(async () => {
      const connection = this.amqp.managedConnection.connection;
      if (!connection) throw new BrokerUnavailableError('not connected');
      let channel: ConfirmChannel;
      try {
        channel = await connection.createConfirmChannel();
      } catch (error) {
        throw new BrokerUnavailableError(error);
      }
      // A channel error (the connection dropping) also rejects the operation's pending call.
      channel.on('error', () => undefined);
      try {
        return await work(channel);
      } finally {
        await channel.close().catch(() => undefined);
      }
    });
    this.last = run.catch(() => undefined);
    return run;
  }
}
