import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { eventually } from '@profile/testing';
import {
  anyMessageEnvelopeSchema,
  profileEventMessageSchema,
  profileEventTypes,
} from '@profile/profile-domain';
import type { AnyMessageEnvelope, ProfileEventMessage } from '@profile/profile-domain';
import { connect } from 'amqplib';
import type { ChannelModel } from 'amqplib';
import { randomUUID } from 'node:crypto';
import type { AmqpContext } from './amqp-context';
import { Consume } from './consume.decorator';
import { MESSAGE_PUBLISHER, MessagePublisher } from './message-publisher';
import { RabbitMqHealthCheck } from './rabbitmq-health.check';
import { RetryLater } from './retry-later';
import {
  deadLetterQueueOf,
  declareTopology,
  delayQueueOf,
  exchanges,
  queues,
  topology,
} from './topology';
import { MessagingBehindProxy } from '../../test/support/messaging-behind-proxy';

const event = (overrides: Partial<ProfileEventMessage> = {}): ProfileEventMessage => ({
  id: randomUUID(),
  correlationId: 'req-1',
  type: 'profile.created',
  attempt: 1,
  occurredAt: new Date().toISOString(),
  payload: { profileId: randomUUID(), version: 1, changedFields: [], actor: 'dev' },
  ...overrides,
});

/**
 * What the audit probe's handler does: throws for the ids in `failing`, asks for a retry later of
 * the ids in `postponed` as many times as it says, records the others (and each delivery's headers).
 */
const probe = {
  failing: new Set<string>(),
  postponed: new Map<string, number>(),
  deliveries: [] as Array<{ id: string; at: number; redelivered: boolean; headers: object }>,
  handled: [] as string[],
};

@Controller()
class AuditProbe {
  @Consume(queues.profileEventsAudit, profileEventTypes, profileEventMessageSchema)
  async handle(
    @Payload() envelope: ProfileEventMessage,
    @Ctx() { message, redelivered }: AmqpContext,
  ): Promise<void> {
    const headers = { ...message.properties.headers };
    probe.deliveries.push({ id: envelope.id, at: Date.now(), redelivered, headers });
    if (probe.failing.has(envelope.id)) throw new Error('handler broke');
    const postponements = probe.postponed.get(envelope.id) ?? 0;
    if (postponements > 0) {
      probe.postponed.set(envelope.id, postponements - 1);
      throw new RetryLater('database unavailable');
    }
    probe.handled.push(envelope.id);
  }
}

jest.setTimeout(30_000);

describe('messaging against real RabbitMQ', () => {
  let messaging: MessagingBehindProxy;
  let publisher: MessagePublisher;
  let broker: ChannelModel;

  const depth = async (queue: string) => {
    const channel = await broker.createChannel();
    channel.on('error', () => undefined); // a missing queue closes the channel; checkQueue rejects
    try {
      return (await channel.checkQueue(queue)).messageCount;
    } finally {
      await channel.close().catch(() => undefined);
    }
  };
  const bodies = async (queue: string): Promise<AnyMessageEnvelope[]> => {
    const channel = await broker.createChannel();
    const found: AnyMessageEnvelope[] = [];
    for (let message = await channel.get(queue); message; message = await channel.get(queue)) {
      found.push(anyMessageEnvelopeSchema.parse(JSON.parse(message.content.toString())));
    }
    await channel.close(); // unacked: back to the queue
    return found;
  };

  beforeAll(async () => {
    messaging = await MessagingBehindProxy.start('messaging', [AuditProbe], {
      [queues.profileEventsAudit]: 10,
    });
    publisher = messaging.get(MESSAGE_PUBLISHER);
    broker = await connect(messaging.vhost.url());
    await eventually(async () => expect(await depth(queues.taskWork)).toBe(0));
  });

  afterAll(async () => {
    await broker?.close();
    await messaging?.stop();
  });

  it('declares every queue with explicit quorum, limit, overflow and dead-letter arguments', async () => {
    const declared = await messaging.vhost.queueArguments();
    expect(Object.keys(declared).sort()).toEqual(topology.queues.map(({ name }) => name).sort());
    expect(declared[queues.taskWork]).toEqual({
      'x-queue-type': 'quorum',
      'x-delivery-limit': 5,
      'x-max-length': 100_000,
      'x-overflow': 'reject-publish',
      'x-dead-letter-exchange': exchanges.deadLetters,
      'x-dead-letter-routing-key': 'tasks.work.dead',
      'x-dead-letter-strategy': 'at-least-once',
    });
    for (const queue of [queues.taskResults, queues.profileEventsAudit]) {
      expect(declared[queue]).toMatchObject({
        'x-queue-type': 'quorum',
        'x-dead-letter-strategy': 'at-least-once',
        'x-overflow': 'reject-publish',
        'x-dead-letter-routing-key': deadLetterQueueOf(queue),
      });
    }
    expect(declared[delayQueueOf(queues.taskResults)]).toEqual({
      'x-queue-type': 'quorum',
      'x-max-length': 100_000,
      'x-overflow': 'reject-publish',
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': queues.taskResults,
      'x-dead-letter-strategy': 'at-least-once',
    });
    expect(declared[deadLetterQueueOf(queues.taskWork)]).toEqual({
      'x-queue-type': 'quorum',
      'x-delivery-limit': 1_000_000,
      'x-max-length': 10_000,
      'x-overflow': 'reject-publish',
    });
  });

  it('resolves once the broker confirms a routed message', async () => {
    const message = event();
    await publisher.publish({
      exchange: exchanges.profileEvents,
      routingKey: message.type,
      envelope: message,
    });

    expect((await bodies(queues.profileEventsAudit)).map(({ id }) => id)).toContain(message.id);
  });

  it('confirms a message no binding matches, which the alternate exchange keeps', async () => {
    const message = event({ type: 'profile.created' });
    await publisher.publish({
      exchange: exchanges.tasks,
      routingKey: 'no.such.task',
      envelope: message,
    });

    expect((await bodies(queues.unroutable)).map(({ id }) => id)).toContain(message.id);
  });

  it('reports a message that nothing can route (no alternate exchange) as returned', async () => {
    const message = event();
    const publishing = publisher.publish({
      exchange: exchanges.deadLetters,
      routingKey: 'nowhere',
      envelope: message,
    });

    await expect(publishing).rejects.toMatchObject({ reason: 'returned', messageId: message.id });
    await expect(publishing).rejects.toThrow(/312 NO_ROUTE/);
  });

  it('publishes a batch and answers for each message, in order, whether the broker confirmed it', async () => {
    const [routed, unroutable, alsoRouted] = [event(), event(), event()];
    const outcomes = await publisher.publishBatch([
      { exchange: exchanges.profileEvents, routingKey: routed.type, envelope: routed },
      { exchange: exchanges.deadLetters, routingKey: 'nowhere', envelope: unroutable },
      { exchange: exchanges.profileEvents, routingKey: alsoRouted.type, envelope: alsoRouted },
    ]);

    expect(outcomes).toEqual([
      undefined,
      expect.objectContaining({ reason: 'returned', messageId: unroutable.id }),
      undefined,
    ]);
    expect((await bodies(queues.profileEventsAudit)).map(({ id }) => id)).toEqual(
      expect.arrayContaining([routed.id, alsoRouted.id]),
    );
  });

  it('reports a message a full queue refuses as nacked', async () => {
    await messaging.vhost.setPolicy('full', '^tasks\\.results$', { 'max-length': 0 });
    const message = event();
    await eventually(async () => {
      const publishing = publisher.publish({
        exchange: exchanges.taskResults,
        routingKey: 'task.started',
        envelope: { ...message, id: randomUUID() },
      });
      await expect(publishing).rejects.toMatchObject({ reason: 'nacked' });
    });
  });

  it('dead-letters an invalid message at once, requeues a failing one up to the delivery limit, and acks the rest', async () => {
    const failing = event();
    probe.failing.add(failing.id);
    await messaging.consume();
    const invalid = event({
      payload: { profileId: 'not-a-uuid', version: 1, changedFields: [], actor: 'x' },
    });
    const valid = event();
    for (const message of [invalid, failing, valid]) {
      await publisher.publish({
        exchange: exchanges.profileEvents,
        routingKey: message.type,
        envelope: message,
      });
    }

    await eventually(async () => expect(probe.handled).toContain(valid.id));
    const deadLettered = deadLetterQueueOf(queues.profileEventsAudit);
    await eventually(async () =>
      expect((await bodies(deadLettered)).map(({ id }) => id).sort()).toEqual(
        [invalid.id, failing.id].sort(),
      ),
    );
    expect(await depth(queues.profileEventsAudit)).toBe(0);
  });

  it('parks a message whose handler asks to retry later, and delivers it again after a growing delay without spending a delivery', async () => {
    const postponed = event();
    probe.postponed.set(postponed.id, 3);
    await publisher.publish({
      exchange: exchanges.profileEvents,
      routingKey: postponed.type,
      envelope: postponed,
    });

    await eventually(async () => expect(probe.handled).toContain(postponed.id), 15_000);
    const deliveries = probe.deliveries.filter(({ id }) => id === postponed.id);
    expect(deliveries.map(({ headers }) => headers)).toEqual([
      {},
      expect.objectContaining({ 'x-retry-count': 1 }),
      expect.objectContaining({ 'x-retry-count': 2 }),
      expect.objectContaining({ 'x-retry-count': 3 }),
    ]);
    // Each comes back as a new message of the queue: never a redelivery, no delivery counted.
    for (const { redelivered, headers } of deliveries) {
      expect(redelivered).toBe(false);
      expect(headers).not.toHaveProperty('x-delivery-count');
    }
    // The n-th retry waits between half and all of 2^(n-1) s.
    const waits = deliveries.slice(1).map(({ at }, index) => at - deliveries[index].at);
    [500, 1_000, 2_000].forEach((least, index) => expect(waits[index]).toBeGreaterThan(least - 50));
    expect(await depth(delayQueueOf(queues.profileEventsAudit))).toBe(0);
    expect(
      (await bodies(deadLetterQueueOf(queues.profileEventsAudit))).map(({ id }) => id),
    ).not.toContain(postponed.id);
  });

  it('requeues a message to retry later when its delay queue cannot take the copy', async () => {
    const delayQueue = delayQueueOf(queues.profileEventsAudit);
    const channel = await broker.createChannel();
    await channel.deleteQueue(delayQueue);
    try {
      const postponed = event();
      probe.postponed.set(postponed.id, 1);
      await publisher.publish({
        exchange: exchanges.profileEvents,
        routingKey: postponed.type,
        envelope: postponed,
      });

      await eventually(async () => expect(probe.handled).toContain(postponed.id));
      const deliveries = probe.deliveries.filter(({ id }) => id === postponed.id);
      expect(deliveries.map(({ redelivered }) => redelivered)).toEqual([false, true]);
    } finally {
      await declareTopology(channel);
      await channel.close();
    }
  });

  it('dead-letters a message whose type no handler of the queue takes', async () => {
    const stray = { ...event(), type: 'profile.renamed' };
    const channel = await broker.createConfirmChannel();
    channel.publish(exchanges.profileEvents, stray.type, Buffer.from(JSON.stringify(stray)));
    await channel.waitForConfirms();
    await channel.close();

    const deadLettered = deadLetterQueueOf(queues.profileEventsAudit);
    await eventually(async () =>
      expect((await bodies(deadLettered)).map(({ id }) => id)).toContain(stray.id),
    );
  });

  it('consumes again once the broker cancels its consumer, and reports it missing meanwhile', async () => {
    const health = messaging.get(RabbitMqHealthCheck);
    await eventually(() => health.check());

    // Deleting the queue cancels its consumer; the consumer's channel declares it again.
    const channel = await broker.createChannel();
    await channel.deleteQueue(queues.profileEventsAudit);
    await channel.close();
    await eventually(() =>
      expect(health.check()).rejects.toThrow(`not consuming ${queues.profileEventsAudit}`),
    );

    await eventually(() => health.check(), 15_000);
    const after = event();
    await publisher.publish({
      exchange: exchanges.profileEvents,
      routingKey: after.type,
      envelope: after,
    });
    await eventually(async () => expect(probe.handled).toContain(after.id));
  });

  it('reports a timeout when the broker is cut off', async () => {
    await messaging.proxy.cut();

    await eventually(async () => {
      const message = event();
      const started = Date.now();
      await expect(
        publisher.publish({
          exchange: exchanges.profileEvents,
          routingKey: message.type,
          envelope: message,
        }),
      ).rejects.toMatchObject({ reason: 'timeout', messageId: message.id });
      expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    });
    await messaging.proxy.restore();
  });
});
