import type { Channel } from 'amqplib';
import { TASK_OUTCOME, TASK_STARTED, taskTypes } from '@profile/profile-domain';

/** Exchange and queue names. Tests isolate themselves with a vhost of their own, not with names. */
export const exchanges = {
  profileEvents: 'profile.events',
  tasks: 'tasks',
  taskResults: 'tasks.results',
  /** Where the broker dead-letters from every work queue, routed by the dead-letter queue's name. */
  deadLetters: 'dead-letters',
  /** The alternate exchange of the publishing exchanges: keeps what no binding matched. */
  unroutable: 'unroutable',
} as const;

export const queues = {
  taskWork: 'tasks.work',
  taskResults: 'tasks.results',
  profileEventsAudit: 'profile.events.audit',
  unroutable: 'unroutable',
} as const;

export const deadLetterQueueOf = (queue: string): string => `${queue}.dead`;

const DELAY_SUFFIX = '.delay';

/** Where a queue's consumer parks a message it will handle later (see RetryLater). */
export const delayQueueOf = (queue: string): string => `${queue}${DELAY_SUFFIX}`;

export const isDelayQueue = (queue: string): boolean => queue.endsWith(DELAY_SUFFIX);

type ExchangeType = 'topic' | 'direct' | 'fanout';

export interface ExchangeDeclaration {
  name: string;
  type: ExchangeType;
  arguments: Record<string, unknown>;
}

export interface QueueDeclaration {
  name: string;
  arguments: Record<string, unknown>;
  bindings: ReadonlyArray<{ exchange: string; routingKey: string }>;
}

export interface Topology {
  exchanges: readonly ExchangeDeclaration[];
  queues: readonly QueueDeclaration[];
}

const WORK_QUEUE_MAX_LENGTH = 100_000;
const PARKING_QUEUE_MAX_LENGTH = 10_000;
const PARKING_QUEUE_DELIVERY_LIMIT = 1_000_000;

/**
 * A work queue: quorum (replicated), bounded, refusing publishes when full (so publishers see a
 * nack instead of losing the oldest message), dead-lettering at-least-once (which quorum queues
 * only do with reject-publish) after `deliveryLimit` deliveries.
 */
function workQueue(
  name: string,
  deliveryLimit: number,
  bindings: QueueDeclaration['bindings'],
): QueueDeclaration[] {
  return [
    {
      name,
      arguments: {
        'x-queue-type': 'quorum',
        'x-delivery-limit': deliveryLimit,
        'x-max-length': WORK_QUEUE_MAX_LENGTH,
        'x-overflow': 'reject-publish',
        'x-dead-letter-exchange': exchanges.deadLetters,
        'x-dead-letter-routing-key': deadLetterQueueOf(name),
        'x-dead-letter-strategy': 'at-least-once',
      },
      bindings,
    },
    parkingQueue(deadLetterQueueOf(name), [
      { exchange: exchanges.deadLetters, routingKey: deadLetterQueueOf(name) },
    ]),
    delayQueue(name),
  ];
}

/**
 * The queue a work queue's messages wait in before their consumer tries them again: nothing
 * consumes it; each message expires after its own `expiration` and the broker dead-letters it
 * (at-least-once) back to the work queue through the default exchange. A quorum queue expires
 * messages only at its head, so a message may wait for an earlier one with a longer delay, never
 * longer than the longest delay.
 */
function delayQueue(workQueueName: string): QueueDeclaration {
  return {
    name: delayQueueOf(workQueueName),
    arguments: {
      'x-queue-type': 'quorum',
      'x-max-length': WORK_QUEUE_MAX_LENGTH,
      'x-overflow': 'reject-publish',
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': workQueueName,
      'x-dead-letter-strategy': 'at-least-once',
    },
    bindings: [],
  };
}

/**
 * A queue where messages wait for an operator. Listing them (basic.get, then requeue) counts as a
 * delivery, and a parking queue has no dead-letter exchange, so reaching the limit would drop the
 * message. The limit is therefore explicit and far beyond any number of listings: the broker's
 * default is 20 on 4.x, and -1 means "no limit" only from 4.0 on (3.x drops at the first return).
 */
function parkingQueue(name: string, bindings: QueueDeclaration['bindings']): QueueDeclaration {
  return {
    name,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': PARKING_QUEUE_DELIVERY_LIMIT,
      'x-max-length': PARKING_QUEUE_MAX_LENGTH,
      'x-overflow': 'reject-publish',
    },
    bindings,
  };
}

const withAlternate = { 'alternate-exchange': exchanges.unroutable };

/** The whole topology, declared by both apps (declarations are idempotent). */
export const topology: Topology = {
  exchanges: [
    { name: exchanges.profileEvents, type: 'topic', arguments: withAlternate },
    { name: exchanges.tasks, type: 'direct', arguments: withAlternate },
    { name: exchanges.taskResults, type: 'direct', arguments: withAlternate },
    { name: exchanges.deadLetters, type: 'direct', arguments: {} },
    { name: exchanges.unroutable, type: 'fanout', arguments: {} },
  ],
  queues: [
    ...workQueue(
      queues.taskWork,
      5,
      taskTypes.map((type) => ({ exchange: exchanges.tasks, routingKey: type })),
    ),
    ...workQueue(
      queues.taskResults,
      10,
      [TASK_STARTED, TASK_OUTCOME].map((type) => ({
        exchange: exchanges.taskResults,
        routingKey: type,
      })),
    ),
    ...workQueue(queues.profileEventsAudit, 5, [
      { exchange: exchanges.profileEvents, routingKey: 'profile.#' },
    ]),
    parkingQueue(queues.unroutable, [{ exchange: exchanges.unroutable, routingKey: '' }]),
  ],
};

/** The queues that hold dead-lettered messages, for the dead-letter command. */
export const deadLetterQueues = topology.queues
  .filter(({ bindings }) => bindings.some(({ exchange }) => exchange === exchanges.deadLetters))
  .map(({ name }) => name);

export async function declareTopology(channel: Channel): Promise<void> {
  for (const exchange of topology.exchanges) {
    await channel.assertExchange(exchange.name, exchange.type, {
      durable: true,
      arguments: exchange.arguments,
    });
  }
  for (const queue of topology.queues) {
    await channel.assertQueue(queue.name, { durable: true, arguments: queue.arguments });
    for (const binding of queue.bindings) {
      await channel.bindQueue(queue.name, binding.exchange, binding.routingKey);
    }
  }
}
