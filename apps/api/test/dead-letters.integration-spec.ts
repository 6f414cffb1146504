import {
  deadLetterDetailSchema,
  deadLetterPageSchema,
  deadLetterReplaySchema,
} from '@profile/api-contract';
import { deadLetterQueueOf, exchanges, queues } from '@profile/messaging';
import { deadLetteredTaskMessage, eventually, queueDepth } from '@profile/testing';
import { connect } from 'amqplib';
import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { ApiProcess, ApiUnderTest } from './support/api-under-test';

const deadTasks = deadLetterQueueOf(queues.taskWork);

/** The dead-lettered messages through the api (admin), against the api's own vhost. */
describe('/api/v1/dead-letters (process against RabbitMQ)', () => {
  let api: ApiUnderTest;
  let broker: ChannelModel;
  let channel: ConfirmChannel;

  const count = (queue: string) => queueDepth(broker, queue);
  const deadLetteredTask = () => deadLetteredTaskMessage(broker);

  beforeAll(async () => {
    api = await ApiUnderTest.start('dead_letters');
    broker = await connect(api.vhost.url());
    channel = await broker.createConfirmChannel();
    // The api declares the topology once it has connected.
    await eventually(async () => expect(await count(deadTasks)).toBe(0));
  });

  afterAll(async () => {
    await broker?.close();
    await api?.stop();
  });

  it('lists, reads, replays and discards dead-lettered messages', async () => {
    const replayed = await deadLetteredTask();
    const discarded = await deadLetteredTask();

    const listed = await api.call('GET', '/api/v1/dead-letters');
    expect(listed.status).toBe(200);
    const page = deadLetterPageSchema.parse(listed.json());
    expect(page.items.map(({ messageId }) => messageId).sort()).toEqual(
      [replayed, discarded].sort(),
    );
    expect(page.items[0]).toMatchObject({
      queue: deadTasks,
      exchange: exchanges.tasks,
      routingKey: 'diagnostic.sleep',
      reason: 'rejected',
      deadLetteredFrom: queues.taskWork,
      deaths: 1,
    });
    expect(page.queues).toContainEqual({ name: deadTasks, messages: 2 });
    const limited = await api.call('GET', '/api/v1/dead-letters?limit=1');
    expect(deadLetterPageSchema.parse(limited.json()).items).toHaveLength(1);

    const read = await api.call('GET', `/api/v1/dead-letters/${replayed.toUpperCase()}`);
    expect(read.status).toBe(200);
    const detail = deadLetterDetailSchema.parse(read.json());
    expect(JSON.parse(detail.body)).toMatchObject({ id: replayed });
    expect(detail.headers).toHaveProperty('x-death');

    const replay = await api.call('POST', `/api/v1/dead-letters/${replayed}/replay`);
    expect(replay.status).toBe(200);
    expect(deadLetterReplaySchema.parse(replay.json()).replayed).toEqual([
      expect.objectContaining({ messageId: replayed, exchange: exchanges.tasks }),
    ]);
    // Back in tasks.work, where a worker would take it.
    expect(await count(queues.taskWork)).toBe(1);

    const discard = await api.call('DELETE', `/api/v1/dead-letters/${discarded}`);
    expect(discard.status).toBe(204);
    expect(discard.text).toBe('');
    await eventually(async () => expect(await count(deadTasks)).toBe(0));
    const gone = await api.call('POST', `/api/v1/dead-letters/${discarded}/replay`);
    expect(gone.status).toBe(404);
    expect(gone.json()).toMatchObject({
      type: 'urn:profile-api:problem:not-found',
      detail: `No dead-lettered message has the id ${discarded}.`,
    });
  });

  it('refuses to replay a message that does not say where it was published, and keeps it', async () => {
    const id = randomUUID();
    channel.publish('', deadTasks, Buffer.from('{}'), { messageId: id });
    await channel.waitForConfirms();
    const refused = await api.call('POST', `/api/v1/dead-letters/${id}/replay`);
    expect(refused.status).toBe(409);
    expect(refused.json()).toMatchObject({
      type: 'urn:profile-api:problem:dead-letter-not-replayable',
    });
    await eventually(async () => expect(await count(deadTasks)).toBe(1));
    expect((await api.call('DELETE', `/api/v1/dead-letters/${id}`)).status).toBe(204);
  });

  it('answers 503 and keeps the message when RabbitMQ refuses the replayed copy', async () => {
    const id = await deadLetteredTask();
    await api.vhost.setPolicy('work-full', '^tasks\\.work$', { 'max-length': 0 });
    try {
      await eventually(async () => {
        channel.publish('', queues.taskWork, Buffer.from('{}'), { messageId: randomUUID() });
        await expect(channel.waitForConfirms()).rejects.toThrow();
      });
      const refused = await api.call('POST', `/api/v1/dead-letters/${id}/replay`);
      expect(refused.status).toBe(503);
      expect(refused.json()).toMatchObject({
        type: 'urn:profile-api:problem:service-unavailable',
        detail: expect.stringContaining('stays in its dead-letter queue'),
      });
      await eventually(async () => expect(await count(deadTasks)).toBe(1));
    } finally {
      await api.vhost.clearPolicy('work-full');
    }
    expect((await api.call('DELETE', `/api/v1/dead-letters/${id}`)).status).toBe(204);
  });

  it('is for admin keys only, and checks its input', async () => {
    for (const as of ['write', 'read'] as const) {
      expect((await api.call('GET', '/api/v1/dead-letters', { as })).status).toBe(403);
      expect(
        (await api.call('DELETE', `/api/v1/dead-letters/${randomUUID()}`, { as })).status,
      ).toBe(403);
    }
    expect((await api.call('GET', '/api/v1/dead-letters', { as: null })).status).toBe(401);
    const badLimit = await api.call('GET', '/api/v1/dead-letters?limit=501');
    expect(badLimit.status).toBe(400);
    expect(badLimit.json()).toMatchObject({ errors: [{ path: 'limit' }] });
    expect((await api.call('GET', '/api/v1/dead-letters/not-an-id')).status).toBe(400);
    expect((await api.call('GET', `/api/v1/dead-letters/${randomUUID()}`)).status).toBe(404);
  });

  it('answers 503 while RabbitMQ cannot be reached', async () => {
    const unreachable = await ApiProcess.launch({
      ...api.env,
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:1',
    });
    try {
      const answer = await unreachable.call('GET', '/api/v1/dead-letters');
      expect(answer.status).toBe(503);
      expect(answer.json()).toMatchObject({
        type: 'urn:profile-api:problem:service-unavailable',
        detail: expect.stringContaining('RabbitMQ is unavailable'),
      });
    } finally {
      await unreachable.process.stop();
    }
  });
});
