import { deadLetteredTaskMessage, eventually, queueDepth } from '@profile/testing';
import { connect } from 'amqplib';
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { MessagingBehindProxy } from '../../test/support/messaging-behind-proxy';
import { BrokerUnavailableError, DeadLetterQueues } from './dead-letter-queues';
import { NotReplayableError, ReplayRefusedError } from './dead-letters';
import { deadLetterQueueOf, exchanges, queues } from './topology';

jest.setTimeout(30_000);

const deadTasks = deadLetterQueueOf(queues.taskWork);

describe('the dead-letter queues on the messaging connection (real RabbitMQ, own vhost)', () => {
  let messaging: MessagingBehindProxy;
  let deadLetters: DeadLetterQueues;
  let broker: ChannelModel;
  let channel: ConfirmChannel;

  /** The ids a queue holds, read and given back. */
  const idsIn = async (queue: string): Promise<string[]> => {
    const reader = await broker.createChannel();
    reader.on('error', () => undefined); // a missing queue closes the channel; get rejects
    const ids: string[] = [];
    try {
      for (let message = await reader.get(queue); message; message = await reader.get(queue)) {
        ids.push(String(message.properties.messageId));
      }
    } finally {
      await reader.close().catch(() => undefined); // unacked: back to the queue
    }
    return ids;
  };

  const countIn = (queue: string) => queueDepth(broker, queue);
  const deadLetteredTask = () => deadLetteredTaskMessage(broker);

  beforeAll(async () => {
    messaging = await MessagingBehindProxy.start('dead_letters');
    deadLetters = messaging.get(DeadLetterQueues);
    broker = await connect(messaging.vhost.url());
    channel = await broker.createConfirmChannel();
    // The module declares the topology once it has connected.
    await eventually(async () => expect(await idsIn(deadTasks)).toEqual([]));
  });

  afterAll(async () => {
    await broker?.close();
    await messaging?.stop();
  });

  it('lists dead letters oldest first, with where they came from and how many each queue holds', async () => {
    const first = await deadLetteredTask();
    const second = await deadLetteredTask();

    const { items, queues: counts } = await deadLetters.list(10);
    expect(items.map(({ messageId }) => messageId)).toEqual([first, second]);
    expect(items[0]).toEqual({
      queue: deadTasks,
      messageId: first,
      type: 'diagnostic.sleep',
      correlationId: 'request-1',
      exchange: exchanges.tasks,
      routingKey: 'diagnostic.sleep',
      reason: 'rejected',
      deadLetteredFrom: queues.taskWork,
      deadLetteredAt: expect.any(String),
      deaths: 1,
    });
    expect(counts).toContainEqual({ name: deadTasks, messages: 2 });
    expect((await deadLetters.list(1)).items.map(({ messageId }) => messageId)).toEqual([first]);
    // Reading took nothing away (a message read goes back behind those not read).
    await eventually(async () =>
      expect((await idsIn(deadTasks)).sort()).toEqual([first, second].sort()),
    );

    const [read] = await deadLetters.read(second);
    expect(read).toMatchObject({ messageId: second, contentType: 'application/json' });
    expect(JSON.parse(read.body)).toMatchObject({ id: second, type: 'diagnostic.sleep' });
    expect(read.headers['x-death']).toEqual([
      expect.objectContaining({ exchange: exchanges.tasks, reason: 'rejected' }),
    ]);
    expect(await deadLetters.read(randomUUID())).toEqual([]);

    await deadLetters.discard(first);
    await deadLetters.discard(second);
    expect(await countIn(deadTasks)).toBe(0);
  });

  it('replays a message where it was first published, then removes it', async () => {
    const id = await deadLetteredTask();
    const [replayed] = await deadLetters.replay(id);
    expect(replayed).toMatchObject({ messageId: id, exchange: exchanges.tasks });
    expect(await countIn(deadTasks)).toBe(0);
    // Republished without the broker's x-death: it waits in tasks.work for a worker.
    const reader = await broker.createChannel();
    const copy = await reader.get(queues.taskWork);
    expect(copy && copy.properties.messageId).toBe(id);
    expect(copy && copy.properties.headers?.['x-death']).toBeUndefined();
    if (copy) reader.ack(copy);
    await reader.close();
  });

  it('keeps a message whose replayed copy the broker refuses (a full queue)', async () => {
    const id = await deadLetteredTask();
    await messaging.vhost.setPolicy('work-full', '^tasks\\.work$', { 'max-length': 0 });
    try {
      // Once the policy applies, tasks.work refuses every publish.
      await eventually(async () => {
        channel.publish('', queues.taskWork, Buffer.from('{}'), { messageId: randomUUID() });
        await expect(channel.waitForConfirms()).rejects.toThrow();
      });
      await expect(deadLetters.replay(id)).rejects.toBeInstanceOf(ReplayRefusedError);
      await eventually(async () => expect(await idsIn(deadTasks)).toContain(id));
    } finally {
      await messaging.vhost.clearPolicy('work-full');
    }
    await deadLetters.discard(id);
  });

  it('keeps a message that nothing can route, and one that does not say where it came from', async () => {
    // Claims to come from the dead-letter exchange, which has no alternate exchange: returned.
    const nowhere = randomUUID();
    channel.publish('', deadTasks, Buffer.from('{}'), {
      messageId: nowhere,
      headers: {
        'x-death': [
          {
            queue: 'gone',
            reason: 'rejected',
            exchange: exchanges.deadLetters,
            'routing-keys': ['nowhere'],
            count: 1,
          },
        ],
      },
    });
    const unknown = randomUUID();
    channel.publish('', deadTasks, Buffer.from('{}'), { messageId: unknown });
    await channel.waitForConfirms();

    await expect(deadLetters.replay(nowhere)).rejects.toBeInstanceOf(ReplayRefusedError);
    await expect(deadLetters.replay(unknown)).rejects.toBeInstanceOf(NotReplayableError);
    await eventually(async () =>
      expect((await idsIn(deadTasks)).sort()).toEqual([nowhere, unknown].sort()),
    );
    await deadLetters.discard(nowhere);
    await deadLetters.discard(unknown);
  });

  it('lets one operation at a time read the queues, so a list sees what a replay holds', async () => {
    const ids = [await deadLetteredTask(), await deadLetteredTask()];
    const [before, replayed, after] = await Promise.all([
      deadLetters.list(10),
      deadLetters.replay(ids[1]),
      deadLetters.list(10),
    ]);
    expect(before.items.map(({ messageId }) => messageId).sort()).toEqual([...ids].sort());
    expect(replayed.map(({ messageId }) => messageId)).toEqual([ids[1]]);
    expect(after.items.map(({ messageId }) => messageId)).toEqual([ids[0]]);
    await deadLetters.discard(ids[0]);
  });

  it('says RabbitMQ is unavailable while the connection is down', async () => {
    await messaging.proxy.cut();
    try {
      await eventually(() =>
        expect(deadLetters.list(10)).rejects.toBeInstanceOf(BrokerUnavailableError),
      );
    } finally {
      await messaging.proxy.restore();
    }
    await eventually(async () => expect((await deadLetters.list(10)).items).toBeDefined(), 15_000);
  });
});
