import type { ConfirmChannel, GetMessage, Message, MessageProperties } from 'amqplib';
import { deadLetterQueues, isDelayQueue } from './topology';

/** A dead-lettered message, as its properties and the broker's x-death header describe it. */
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
  /** How many times the broker dead-lettered it. */
  deaths: number;
}

/** A dead-lettered message with its content: its headers (as JSON) and body (as UTF-8 text). */
export interface DeadLetterMessage extends DeadLetter {
  contentType: string | null;
  headers: Record<string, unknown>;
  body: string;
}

interface XDeath {
  queue: string;
  reason: string;
  exchange: string;
  'routing-keys': string[];
  count?: number;
  time?: { value: number };
}

/** Headers the broker adds when it dead-letters or redelivers; a replay starts without them. */
const BROKER_HEADERS = /^x-(death|first-death-|last-death-|delivery-count)/;

/** What a visit of one message decides: go on reading, or stop (the rest stays unread). */
type Visit = (queue: string, message: GetMessage) => Promise<'stop' | void>;

/**
 * The messages of the dead-letter queues, read in order with basic.get and left unacknowledged, so
 * that closing the channel returns every one not acked. The parking queues' delivery limit is far
 * beyond any number of readings (see topology.ts), so reading is safe.
 */
async function readAll(channel: ConfirmChannel, visit: Visit): Promise<void> {
  for (const queue of deadLetterQueues) {
    for (let message = await channel.get(queue); message; message = await channel.get(queue)) {
      if ((await visit(queue, message)) === 'stop') return;
    }
  }
}

/** How many messages each dead-letter queue holds. */
export async function deadLetterCounts(
  channel: ConfirmChannel,
): Promise<Array<{ name: string; messages: number }>> {
  const counts = [];
  for (const name of deadLetterQueues) {
    counts.push({ name, messages: (await channel.checkQueue(name)).messageCount });
  }
  return counts;
}

/** The dead-lettered messages, queue by queue from the oldest, at most `limit` of them. */
export async function listDeadLetters(
  channel: ConfirmChannel,
  limit = Number.POSITIVE_INFINITY,
): Promise<DeadLetter[]> {
  const found: DeadLetter[] = [];
  await readAll(channel, async (queue, message) => {
    found.push(describe(queue, message));
    return found.length >= limit ? 'stop' : undefined;
  });
  return found;
}

/** Every dead-lettered copy of the message with this id, with its content. */
export async function findDeadLetters(
  channel: ConfirmChannel,
  messageId: string,
): Promise<DeadLetterMessage[]> {
  const found: DeadLetterMessage[] = [];
  await readAll(channel, async (queue, message) => {
    if (message.properties.messageId === messageId) found.push(withContent(queue, message));
  });
  return found;
}

/**
 * Republishes the messages with these ids where they were first published and acks each only once
 * the broker has confirmed its copy: a failed publish leaves the message where it was.
 */
export async function replayDeadLetters(
  channel: ConfirmChannel,
  messageIds: readonly string[],
): Promise<{ replayed: DeadLetter[]; missing: string[] }> {
  const { removed, missing } = await removeDeadLetters(
    channel,
    messageIds,
    async (letter, message) => {
      const { exchange, routingKey } = letter;
      if (exchange === null || routingKey === null) throw new NotReplayableError(letter);
      await publishConfirmed(channel, { ...letter, exchange, routingKey }, message);
    },
  );
  return { replayed: removed, missing };
}

/** Removes the messages with these ids for good. */
export async function discardDeadLetters(
  channel: ConfirmChannel,
  messageIds: readonly string[],
): Promise<{ discarded: DeadLetter[]; missing: string[] }> {
  const { removed, missing } = await removeDeadLetters(channel, messageIds, async () => undefined);
  return { discarded: removed, missing };
}

/** A dead letter without an x-death header: nothing says where to replay it. */
export class NotReplayableError extends Error {
  constructor(readonly letter: DeadLetter) {
    super(`${letter.messageId} in ${letter.queue} has no x-death header to replay from`);
    this.name = 'NotReplayableError';
  }
}

/** Acks each message with one of these ids after `before` succeeded for it. */
async function removeDeadLetters(
  channel: ConfirmChannel,
  messageIds: readonly string[],
  before: (letter: DeadLetter, message: Message) => Promise<void>,
): Promise<{ removed: DeadLetter[]; missing: string[] }> {
  const wanted = new Set(messageIds);
  const removed: DeadLetter[] = [];
  await readAll(channel, async (queue, message) => {
    const letter = describe(queue, message);
    if (!letter.messageId || !wanted.has(letter.messageId)) return;
    await before(letter, message);
    channel.ack(message);
    removed.push(letter);
  });
  const found = new Set(removed.map(({ messageId }) => messageId));
  return { removed, missing: messageIds.filter((id) => !found.has(id)) };
}

/** The broker did not confirm a replayed copy (its queue full, say): the message stays where it was. */
export class ReplayRefusedError extends Error {
  constructor(
    readonly letter: DeadLetter,
    detail: string,
  ) {
    super(
      `the copy of ${letter.messageId} sent to ${letter.exchange} was not confirmed: ${detail}`,
    );
    this.name = 'ReplayRefusedError';
  }
}

/**
 * Publishes the copy and resolves on the broker's ack; a nack, or a basic.return (nothing could
 * route it: the broker returns it before it acks), rejects.
 */
function publishConfirmed(
  channel: ConfirmChannel,
  letter: DeadLetter & { exchange: string; routingKey: string },
  message: Message,
): Promise<void> {
  const headers = Object.fromEntries(
    Object.entries(message.properties.headers ?? {}).filter(([name]) => !BROKER_HEADERS.test(name)),
  );
  let returned = false;
  const onReturn = (back: Message) => {
    if (back.properties.messageId === letter.messageId) returned = true;
  };
  channel.on('return', onReturn);
  return new Promise((resolve, reject) => {
    channel.publish(
      letter.exchange,
      letter.routingKey,
      message.content,
      { ...publishableProperties(message.properties), headers, mandatory: true },
      (error: unknown) => {
        channel.off('return', onReturn);
        if (error) reject(new ReplayRefusedError(letter, String(error)));
        else if (returned) reject(new ReplayRefusedError(letter, 'no queue is bound for it'));
        else resolve();
      },
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
  // The broker keeps the most recent death first; the original destination is the oldest one
  // that was not a wait in a delay queue (whose copy was published straight to that queue).
  const first = deaths.filter(({ queue }) => !isDelayQueue(queue)).at(-1);
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
    deaths: deaths.reduce((total, death) => total + (death.count ?? 1), 0),
  };
}

function withContent(queue: string, message: Message): DeadLetterMessage {
  return {
    ...describe(queue, message),
    contentType: (message.properties.contentType as string | undefined) ?? null,
    headers: asJson(message.properties.headers ?? {}) as Record<string, unknown>,
    body: message.content.toString('utf8'),
  };
}

/** Header values as JSON can carry them: buffers as text, AMQP timestamps as ISO dates. */
function asJson(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(asJson);
  if (value !== null && typeof value === 'object') {
    const { '!': kind, value: inner } = value as { '!'?: string; value?: unknown };
    if (kind === 'timestamp' && typeof inner === 'number') {
      return new Date(inner * 1000).toISOString();
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asJson(item)]));
  }
  return value;
}
