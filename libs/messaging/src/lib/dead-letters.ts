import type { ConfirmChannel, GetMessage, Message, MessageProperties } from 'amqplib';
import { deadLetterQueues } from '@profile/messaging';

export interface DeadLetter {
  queue: string;
  messageId: string | null;
  type: string | null;
  correlationId: string | null;
  /** Where it was first published, from the broker's x-death header: where a replay sends it. */
  exchange: string | null;
  routingKey: string | null;
  reason: string | null;
  deadLetteredFrom: string | null;
  deadLetteredAt: string | null;
}

interface XDeath {
  queue: string;
  reason: string;
  exchange: string;
  'routing-keys': string[];
  time?: { value: number };
}

/** Headers the broker adds when it dead-letters or redelivers; a replay starts without them. */
const BROKER_HEADERS = /^x-(death|first-death-|last-death-|delivery-count)/;

/**
 * Every message of the dead-letter queues, read with basic.get and left unacknowledged, so that
 * closing the channel returns them all. The queues have no delivery limit, so reading is safe.
 */
async function readAll(
  channel: ConfirmChannel,
  visit: (queue: string, message: GetMessage) => Promise<void>,
): Promise<void> {
  for (const queue of deadLetterQueues) {
    for (let message = await channel.get(queue); message; message = await channel.get(queue)) {
      await visit(queue, message);
    }
  }
}

export async function listDeadLetters(channel: ConfirmChannel): Promise<DeadLetter[]> {
  const found: DeadLetter[] = [];
  await readAll(channel, async (queue, message) => {
    found.push(describe(queue, message));
  });
  return found;
}

/** Republishes the messages with these ids where they were first published, then acks them. */
export async function replayDeadLetters(
  channel: ConfirmChannel,
  messageIds: readonly string[],
): Promise<{ replayed: DeadLetter[]; missing: string[] }> {
  const wanted = new Set(messageIds);
  const replayed: DeadLetter[] = [];
  await readAll(channel, async (queue, message) => {
    const letter = describe(queue, message);
    if (!letter.messageId || !wanted.has(letter.messageId)) return;
    if (letter.exchange === null || letter.routingKey === null) {
      throw new Error(`${letter.messageId} in ${queue} has no x-death header to replay from`);
    }
    await publishConfirmed(channel, letter.exchange, letter.routingKey, message);
    channel.ack(message);
    replayed.push(letter);
  });
  const found = new Set(replayed.map(({ messageId }) => messageId));
  return { replayed, missing: messageIds.filter((id) => !found.has(id)) };
}

function publishConfirmed(
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  message: Message,
): Promise<void> {
  const headers = Object.fromEntries(
    Object.entries(message.properties.headers ?? {}).filter(([name]) => !BROKER_HEADERS.test(name)),
  );
  return new Promise((resolve, reject) => {
    channel.publish(
      exchange,
      routingKey,
      message.content,
      { ...publishableProperties(message.properties), headers, mandatory: true },
      (error: unknown) =>
        error ? reject(new Error(`not confirmed: ${String(error)}`)) : resolve(),
    );
  });
}

function publishableProperties(properties: MessageProperties) {
  return {
    contentType: properties.contentType as string | undefined,
    messageId: properties.messageId as string | undefined,
    correlationId: properties.correlationId as string | undefined,
    type: properties.type as string | undefined,
    timestamp: properties.timestamp as number | undefined,
    persistent: true,
  };
}

function describe(queue: string, message: Message): DeadLetter {
  const deaths = (message.properties.headers?.['x-death'] ?? []) as XDeath[];
  // The broker keeps the most recent death first; the original destination is the oldest one.
  const first = deaths.at(-1);
  const last = deaths[0];
  return {
    queue,
    messageId: (message.properties.messageId as string | undefined) ?? null,
    type: (message.properties.type as string | undefined) ?? null,
    correlationId: (message.properties.correlationId as string | undefined) ?? null,
    exchange: first?.exchange ?? null,
    routingKey: first?.['routing-keys'][0] ?? null,
    reason: last?.reason ?? null,
    deadLetteredFrom: last?.queue ?? null,
    deadLetteredAt: last?.time ? new Date(last.time.value * 1000).toISOString() : null,
  };
}
