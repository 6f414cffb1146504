import { connect } from 'amqplib';
import type { ChannelModel } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { exchanges } from '@profile/messaging';
import type { ProfileEventMessage, Task } from '@profile/profile-domain';
import { eventually } from '@profile/testing';
import { newProfile } from './support/api-under-test';
import { TaskStack } from './support/task-stack';

const REMINDER_DELAY_MS = 3_000;

describe('profile events and profile tasks (processes against PostgreSQL and RabbitMQ)', () => {
  let stack: TaskStack;
  let connection: ChannelModel;
  const received: ProfileEventMessage[] = [];

  beforeAll(async () => {
    stack = await TaskStack.start('profile_events', {
      REMINDER_DELAY_MS: String(REMINDER_DELAY_MS),
    });
    // A queue of the test's own on profile.events, next to the worker's audit queue.
    connection = await connect(stack.api.vhost.url());
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, exchanges.profileEvents, 'profile.#');
    await channel.consume(queue, (message) => {
      if (!message) return;
      received.push(JSON.parse(message.content.toString()) as ProfileEventMessage);
      channel.ack(message);
    });
  });

  afterAll(async () => {
    await connection?.close();
    await stack?.stop();
  });

  const eventsOf = (profileId: string) => {
    const unique = new Map(
      received.filter(({ payload }) => payload.profileId === profileId).map((m) => [m.id, m]),
    );
    return [...unique.values()];
  };
  const tasksOf = async (profileId: string) => {
    const page = await stack.api.call('GET', '/api/v1/tasks?limit=100', { as: 'read' });
    return page
      .json<{ items: Task[] }>()
      .items.filter((task) => (task.payload as { profileId?: string }).profileId === profileId);
  };
  const outboxDrained = async () =>
    expect(
      await stack.sql('SELECT id FROM outbox WHERE sent_at IS NULL AND due_at <= now()'),
    ).toEqual([]);

  it('announces every committed change exactly once, with ids, version, field names and the key name only', async () => {
    const created = await stack.api.call('POST', '/api/v1/profiles', {
      as: 'write',
      body: newProfile({ bio: 'hello' }),
      headers: { 'x-request-id': 'create-request' },
    });
    const profile = created.json<{ id: string; username: string; email: string }>();
    const etag = created.headers.get('etag')!;

    await stack.api.call('PATCH', `/api/v1/profiles/${profile.id}`, {
      as: 'admin',
      body: { location: 'Oslo', bio: null },
      headers: { 'if-match': etag },
    });
    // Changes that commit nothing announce nothing: a no-op patch, a stale If-Match, a conflict.
    const noop = await stack.api.call('PATCH', `/api/v1/profiles/${profile.id}`, {
      as: 'write',
      body: { location: 'Oslo' },
    });
    expect(noop.status).toBe(200);
    const stale = await stack.api.call('PATCH', `/api/v1/profiles/${profile.id}`, {
      as: 'write',
      body: { location: 'Bergen' },
      headers: { 'if-match': etag },
    });
    expect(stale.status).toBe(412);
    const duplicate = await stack.api.call('POST', '/api/v1/profiles', {
      as: 'write',
      body: newProfile({ username: profile.username }),
    });
    expect(duplicate.status).toBe(409);
    // Of 10 racing patches on one version, one commits.
    const current = (await stack.api.call('GET', `/api/v1/profiles/${profile.id}`)).headers.get(
      'etag',
    )!;
    const racing = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        stack.api.call('PATCH', `/api/v1/profiles/${profile.id}`, {
          as: 'write',
          body: { displayName: `Racer ${index}` },
          headers: { 'if-match': current },
        }),
      ),
    );
    expect(racing.filter(({ status }) => status === 200)).toHaveLength(1);
    const deleted = await stack.api.call('DELETE', `/api/v1/profiles/${profile.id}`, {
      as: 'write',
    });
    expect(deleted.status).toBe(204);

    await eventually(outboxDrained);
    await eventually(async () => expect(eventsOf(profile.id)).toHaveLength(4));
    const events = eventsOf(profile.id).sort(
      (a, b) => a.payload.version - b.payload.version || a.type.localeCompare(b.type),
    );
    expect(
      events.map(({ type, payload, correlationId }) => ({ type, payload, correlationId })),
    ).toEqual([
      {
        type: 'profile.created',
        payload: {
          profileId: profile.id,
          version: 1,
          changedFields: ['username', 'email', 'displayName', 'bio'],
          actor: 'writer',
        },
        correlationId: 'create-request',
      },
      {
        type: 'profile.updated',
        payload: {
          profileId: profile.id,
          version: 2,
          changedFields: ['bio', 'location'],
          actor: 'admin',
        },
        correlationId: expect.any(String),
      },
      {
        type: 'profile.deleted',
        payload: { profileId: profile.id, version: 3, changedFields: [], actor: 'writer' },
        correlationId: expect.any(String),
      },
      {
        type: 'profile.updated',
        payload: {
          profileId: profile.id,
          version: 3,
          changedFields: ['displayName'],
          actor: 'writer',
        },
        correlationId: expect.any(String),
      },
    ]);
    const wire = JSON.stringify(events);
    expect(wire).not.toContain(profile.email);
    expect(wire).not.toContain(profile.username);
    expect(wire).not.toContain('Oslo');
  });

  it('welcomes a new profile at once and reminds it after REMINDER_DELAY_MS, reading it through the api', async () => {
    const created = await stack.api.call('POST', '/api/v1/profiles', {
      as: 'write',
      body: newProfile({ displayName: 'Grace', location: 'Arlington' }),
    });
    const profile = created.json<{ id: string; createdAt: string }>();

    const scheduled = await tasksOf(profile.id);
    expect(scheduled.map(({ type }) => type).sort()).toEqual([
      'profile.completeness-reminder',
      'profile.welcome',
    ]);
    const reminder = scheduled.find(({ type }) => type === 'profile.completeness-reminder')!;
    expect(Date.parse(reminder.runAt) - Date.parse(profile.createdAt)).toBeGreaterThanOrEqual(
      REMINDER_DELAY_MS - 50,
    );

    const welcome = scheduled.find(({ type }) => type === 'profile.welcome')!;
    expect(await stack.until(welcome.id, 'succeeded')).toMatchObject({
      result: { channel: 'log', message: 'Welcome, Grace!' },
    });
    expect(await stack.until(reminder.id, 'succeeded')).toMatchObject({
      result: { percent: 33, set: ['location'], missing: ['bio', 'avatarUrl'] },
    });
  });

  it('cancels the scheduled tasks of a deleted profile in the same transaction', async () => {
    const created = await stack.api.call('POST', '/api/v1/profiles', {
      as: 'write',
      body: newProfile(),
    });
    const { id } = created.json<{ id: string }>();
    const reminder = (await tasksOf(id)).find(
      ({ type }) => type === 'profile.completeness-reminder',
    )!;
    expect(reminder.status).toBe('scheduled');

    expect((await stack.api.call('DELETE', `/api/v1/profiles/${id}`, { as: 'write' })).status).toBe(
      204,
    );

    expect(await stack.task(reminder.id)).toMatchObject({
      status: 'cancelled',
      finishedAt: expect.any(String),
    });
    expect(
      await stack.sql("SELECT id FROM outbox WHERE envelope->>'taskId' = $1", [reminder.id]),
    ).toEqual([]);
  });

  it('skips a profile task whose profile is gone by the time it runs', async () => {
    const created = await stack.createTask({
      type: 'profile.welcome',
      payload: { profileId: randomUUID() },
    });
    expect(await stack.until(created.id, 'succeeded')).toMatchObject({
      result: { skipped: 'profile not found' },
    });
  });
});
