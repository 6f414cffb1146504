import type { ChannelModel } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { eventually } from './eventually';

// The topology's names (libs/messaging), which this library does not import.
const TASKS_EXCHANGE = 'tasks';
const TASK_QUEUE = 'tasks.work';
export const DEAD_TASK_QUEUE = 'tasks.work.dead';

/** How many ready messages a queue holds. */
export async function queueDepth(broker: ChannelModel, queue: string): Promise<number> {
  const channel = await broker.createChannel();
  // A queue not declared yet closes the channel (404): the check then rejects, which callers may
  // retry; the channel's own error event must not go unhandled, nor be closed a second time.
  let closed = false;
  channel.on('error', () => undefined);
  channel.on('close', () => {
    closed = true;
  });
  try {
    return (await channel.checkQueue(queue)).messageCount;
  } finally {
    if (!closed) await channel.close();
  }
}

/**
 * A task message rejected by tasks.work, as a worker rejects what it cannot handle: published to
 * the tasks exchange, taken by the test (with no worker consuming) and nacked, so that the broker
 * dead-letters it to tasks.work.dead with an x-death header naming where it was published. Whatever
 * earlier tests left in tasks.work is purged first. Answers the message's id.
 */
export async function deadLetteredTaskMessage(broker: ChannelModel): Promise<string> {
  const id = randomUUID();
  const channel = await broker.createConfirmChannel();
  try {
    await channel.purgeQueue(TASK_QUEUE);
    channel.publish(
      TASKS_EXCHANGE,
      'diagnostic.sleep',
      Buffer.from(JSON.stringify({ id, type: 'diagnostic.sleep', payload: { ms: 1 } })),
      {
        messageId: id,
        type: 'diagnostic.sleep',
        correlationId: 'request-1',
        contentType: 'application/json',
        persistent: true,
      },
    );
    await channel.waitForConfirms();
    const before = await queueDepth(broker, DEAD_TASK_QUEUE);
    const message = await channel.get(TASK_QUEUE);
    if (!message || message.properties.messageId !== id) {
      throw new Error(`tasks.work did not hand back the message ${id}`);
    }
    channel.nack(message, false, false);
    await eventually(async () => {
      const depth = await queueDepth(broker, DEAD_TASK_QUEUE);
      if (depth !== before + 1) throw new Error(`${DEAD_TASK_QUEUE} holds ${depth} messages`);
    });
    return id;
  } finally {
    await channel.close();
  }
}
