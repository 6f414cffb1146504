import { deadLetterQueueOf, exchanges, queues } from '@profile/messaging';
import { createTestVhost, eventually, ServiceProcess } from '@profile/testing';
import type { TestVhost } from '@profile/testing';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Broker } from './support/broker';
import { FakeApi } from './support/fake-api';
import { logLines, startWorker, StartedWorker } from './support/worker-process';

jest.setTimeout(60_000);

const WORKER_KEY = 'worker-read-key';

describe('worker tasks, audit and dead letters (process against real RabbitMQ)', () => {
  let vhost: TestVhost;
  let api: FakeApi;
  let broker: Broker;
  let worker: StartedWorker;
  let env: Record<string, string>;

  const outcomeOf = (taskId: string) =>
    broker.resultsOf(taskId).find(({ type }) => type === 'task.outcome')?.payload;
  const workQueueEmpty = async () =>
    expect(await broker.depth(queues.taskWork)).toMatchObject({ ready: 0 });

  beforeAll(async () => {
    vhost = await createTestVhost('worker_tasks');
    api = await FakeApi.start();
    env = {
      RABBITMQ_URL: vhost.url(),
      API_URL: api.url,
      WORKER_API_KEY: WORKER_KEY,
      PUBLISH_TIMEOUT_MS: '2000',
    };
    worker = await startWorker(env);
    broker = await Broker.connect(vhost.url());
    await eventually(async () =>
      expect(await broker.depth(queues.taskWork)).toMatchObject({ consumers: 1 }),
    );
    await broker.collectResults();
  });

  afterAll(async () => {
    await worker?.process.stop('SIGKILL');
    await broker?.close();
    await api?.stop();
    await vhost?.delete();
  });

  it('claims the attempt, then welcomes a profile read from the api past its cache and reports the outcome', async () => {
    const profileId = randomUUID();
    api.profiles.set(profileId, {
      id: profileId,
      displayName: 'Ada',
      bio: null,
      avatarUrl: null,
      location: null,
    });

    const task = await broker.publishTask('profile.welcome', { profileId });

    await eventually(async () => expect(outcomeOf(task.taskId)).toBeDefined());
    // Claimed by this process, under the lease it took when it started.
    const [leased] = api.leaseCalls;
    expect(leased).toEqual({ method: 'PUT', workerId: expect.any(String) });
    expect(api.claimsOf(task.taskId)).toEqual([
      {
        taskId: task.taskId,
        attempt: 1,
        deliveryId: expect.any(String),
        workerId: leased.workerId,
      },
    ]);
    expect(api.effects).toContain(`${task.taskId}/welcome`);
    const claim = api.requests.find(({ path }) => path === '/api/v1/task-claims')!;
    expect(claim.headers).toMatchObject({ authorization: `Bearer ${WORKER_KEY}` });
    expect(broker.resultsOf(task.taskId)).toEqual([
      {
        type: 'task.outcome',
        payload: {
          taskId: task.taskId,
          attempt: 1,
          outcome: 'succeeded',
          result: { channel: 'log', message: 'Welcome, Ada!' },
          startedAt: expect.any(String),
          finishedAt: expect.any(String),
        },
      },
    ]);
    const request = api.requests.find(({ path }) => path.endsWith(profileId))!;
    expect(request.headers).toMatchObject({
      authorization: `Bearer ${WORKER_KEY}`,
      'cache-control': 'no-cache',
    });
    const lines = logLines(worker.process, { correlationId: task.correlationId });
    expect(lines.map(({ message }) => message)).toEqual(
      expect.arrayContaining(['task attempt started', 'welcome sent', 'task attempt finished']),
    );
    await eventually(workQueueEmpty);
  });

  it('records completeness, and skips a profile that is gone', async () => {
    const profileId = randomUUID();
    api.profiles.set(profileId, {
      id: profileId,
      displayName: 'Bo',
      bio: 'hi',
      avatarUrl: null,
      location: 'Oslo',
    });

    const reminder = await broker.publishTask('profile.completeness-reminder', { profileId });
    const gone = await broker.publishTask('profile.welcome', { profileId: randomUUID() });

    await eventually(async () => {
      expect(outcomeOf(reminder.taskId)).toMatchObject({
        outcome: 'succeeded',
        result: { percent: 67, set: ['bio', 'location'], missing: ['avatarUrl'] },
      });
      expect(outcomeOf(gone.taskId)).toMatchObject({
        outcome: 'succeeded',
        result: { skipped: 'profile not found' },
      });
    });
  });

  it('reads a profile again after the api answered 429 with Retry-After, in the same attempt', async () => {
    const profileId = randomUUID();
    api.profiles.set(profileId, {
      id: profileId,
      displayName: 'Cy',
      bio: null,
      avatarUrl: null,
      location: null,
    });
    api.throttledReads.set(profileId, 2);
    const started = Date.now();

    const task = await broker.publishTask('profile.welcome', { profileId });

    await eventually(async () =>
      expect(outcomeOf(task.taskId)).toMatchObject({
        attempt: 1,
        outcome: 'succeeded',
        result: { channel: 'log', message: 'Welcome, Cy!' },
      }),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(api.requests.filter(({ path }) => path.endsWith(profileId))).toHaveLength(3);
    expect(api.claimsOf(task.taskId)).toHaveLength(1);
  });

  it('fails an attempt still waiting for the api at its time limit (30 s for profile tasks)', async () => {
    const profileId = randomUUID();
    api.throttledReads.set(profileId, 1_000);
    const started = Date.now();

    const task = await broker.publishTask('profile.welcome', { profileId });

    await eventually(
      async () =>
        expect(outcomeOf(task.taskId)).toMatchObject({
          attempt: 1,
          outcome: 'failed',
          error: 'exceeded its time limit of 30 s',
        }),
      45_000,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(30_000);
    api.throttledReads.delete(profileId);
  });

  it('fails diagnostic.fail while the attempt is at most failTimes, then succeeds', async () => {
    const taskId = randomUUID();
    const outcomes = [];
    for (const attempt of [1, 2, 3]) {
      await broker.publishTask('diagnostic.fail', { failTimes: 2 }, { taskId, attempt });
      await eventually(async () =>
        expect(broker.resultsOf(taskId).filter(({ type }) => type === 'task.outcome')).toHaveLength(
          attempt,
        ),
      );
    }
    outcomes.push(...broker.resultsOf(taskId).filter(({ type }) => type === 'task.outcome'));
    expect(
      outcomes.map(({ payload }) => [payload['attempt'], payload['outcome'], payload['error']]),
    ).toEqual([
      [1, 'failed', 'attempt 1 of the first 2 fails on purpose'],
      [2, 'failed', 'attempt 2 of the first 2 fails on purpose'],
      [3, 'succeeded', undefined],
    ]);
  });

  it('skips and acks an attempt the api will not give it, logging why, without running it', async () => {
    const taskId = randomUUID();
    api.refusedClaims.add(taskId);
    const task = await broker.publishTask('diagnostic.sleep', { ms: 1 }, { taskId });
    const next = await broker.publishTask('diagnostic.sleep', { ms: 1 });

    await eventually(async () =>
      expect(outcomeOf(next.taskId)).toMatchObject({ outcome: 'succeeded' }),
    );
    await eventually(async () =>
      expect(
        logLines(worker.process, {
          message: 'task attempt skipped: not claimable',
          taskId: task.taskId,
        }),
      ).toEqual([
        expect.objectContaining({ reason: `Attempt 1 of task ${task.taskId} was superseded.` }),
      ]),
    );
    expect(broker.resultsOf(task.taskId)).toEqual([]);
    expect(
      logLines(worker.process, { message: 'task attempt started', taskId: task.taskId }),
    ).toEqual([]);
    await eventually(workQueueEmpty);
  });

  it('claims again later when the api cannot answer, without spending a delivery', async () => {
    const taskId = randomUUID();
    api.unavailableClaims.set(taskId, 3);
    const task = await broker.publishTask('diagnostic.sleep', { ms: 1 }, { taskId });

    await eventually(
      async () => expect(outcomeOf(taskId)).toMatchObject({ outcome: 'succeeded' }),
      20_000,
    );
    expect(api.unavailableClaims.get(taskId)).toBe(0);
    expect(api.claimsOf(taskId)).toHaveLength(1);
    // Each refusal parked the message in the delay queue; none requeued it.
    expect(
      logLines(worker.process, { message: 'retrying later', messageId: task.id }),
    ).toHaveLength(3);
    expect(logLines(worker.process, { messageId: task.id, redelivered: true })).toEqual([]);
    expect(await broker.peekIds(deadLetterQueueOf(queues.taskWork))).not.toContain(task.id);
  });

  it('claims a burst of attempts in a few batches, each attempt once', async () => {
    const batchesBefore = api.claimBatches;
    const tasks = await Promise.all(
      Array.from({ length: 30 }, () => broker.publishTask('diagnostic.sleep', { ms: 1 })),
    );

    await eventually(async () =>
      expect(tasks.map(({ taskId }) => outcomeOf(taskId)?.['outcome'])).toEqual(
        tasks.map(() => 'succeeded'),
      ),
    );
    for (const { taskId } of tasks) expect(api.claimsOf(taskId)).toHaveLength(1);
    expect(api.claimBatches - batchesBefore).toBeLessThan(tasks.length / 2);
  });

  it('comes back for an attempt another delivery holds, and runs it once the api lets it take it over', async () => {
    const taskId = randomUUID();
    api.heldClaims.set(taskId, 2);
    const task = await broker.publishTask('diagnostic.sleep', { ms: 1 }, { taskId });

    await eventually(
      async () => expect(outcomeOf(taskId)).toMatchObject({ outcome: 'succeeded' }),
      20_000,
    );
    expect(api.claimsOf(taskId)).toHaveLength(1);
    // Parked for the Retry-After the api named (1 s), not the doubling backoff.
    expect(
      logLines(worker.process, { message: 'retrying later', messageId: task.id }).map(
        (line) => line['delayMs'],
      ),
    ).toEqual([1_000, 1_000]);
    expect(await broker.peekIds(deadLetterQueueOf(queues.taskWork))).not.toContain(task.id);
  });

  it('does not send a welcome the task has sent before (an earlier run of it)', async () => {
    const profileId = randomUUID();
    api.profiles.set(profileId, {
      id: profileId,
      displayName: 'Bo',
      bio: null,
      avatarUrl: null,
      location: null,
    });
    const taskId = randomUUID();
    api.effects.add(`${taskId}/welcome`);

    await broker.publishTask('profile.welcome', { profileId }, { taskId });

    await eventually(async () =>
      expect(outcomeOf(taskId)).toMatchObject({
        outcome: 'succeeded',
        result: { channel: 'log', message: 'Welcome, Bo!', sentBefore: true },
      }),
    );
    expect(logLines(worker.process, { message: 'welcome sent', taskId })).toEqual([]);
    expect(
      logLines(worker.process, { message: 'welcome sent before: not sent again', taskId }),
    ).toHaveLength(1);
  });

  it('dead-letters a malformed message at once without holding up the message behind it', async () => {
    const malformedId = randomUUID();
    await broker.publishRaw(
      exchanges.tasks,
      'diagnostic.sleep',
      Buffer.from('{"not": "a task"'),
      malformedId,
    );
    const next = await broker.publishTask('diagnostic.sleep', { ms: 1 });

    await eventually(async () =>
      expect(outcomeOf(next.taskId)).toMatchObject({ outcome: 'succeeded' }),
    );
    await eventually(async () =>
      expect(await broker.peekIds(deadLetterQueueOf(queues.taskWork))).toEqual([malformedId]),
    );
    expect(broker.resultsOf(malformedId)).toEqual([]);
  });

  it('audits each profile event once, ignoring a duplicate message id', async () => {
    const event = {
      id: randomUUID(),
      correlationId: `audit-${randomUUID()}`,
      type: 'profile.updated',
      attempt: 1,
      occurredAt: new Date().toISOString(),
      payload: { profileId: randomUUID(), version: 2, changedFields: ['bio'], actor: 'dev' },
    };
    const content = Buffer.from(JSON.stringify(event));
    await broker.publishRaw(exchanges.profileEvents, event.type, content, event.id);
    await broker.publishRaw(exchanges.profileEvents, event.type, content, event.id);
    const other = { ...event, id: randomUUID(), type: 'profile.deleted' };
    await broker.publishRaw(
      exchanges.profileEvents,
      other.type,
      Buffer.from(JSON.stringify(other)),
      other.id,
    );

    await eventually(async () =>
      expect(
        logLines(worker.process, { message: 'profile event', correlationId: event.correlationId }),
      ).toHaveLength(2),
    );
    await eventually(async () =>
      expect(await broker.depth(queues.profileEventsAudit)).toMatchObject({ ready: 0 }),
    );
    const lines = logLines(worker.process, {
      message: 'profile event',
      correlationId: event.correlationId,
    });
    expect(
      lines.map((line) => [line['messageId'], line['event'], line['changedFields'], line['actor']]),
    ).toEqual([
      [event.id, 'profile.updated', ['bio'], 'dev'],
      [other.id, 'profile.deleted', ['bio'], 'dev'],
    ]);
  });

  it('does not ack a task whose results cannot be published; the dead-letter command replays it', async () => {
    await broker.pauseResults();
    await vhost.setPolicy('results-full', '^tasks\\.results$', { 'max-length': 0 });
    await broker.fillUntilRefused(queues.taskResults);
    const task = await broker.publishTask('diagnostic.sleep', { ms: 1 });
    const deadLetters = join(__dirname, '../../../dist/apps/worker/dead-letters.js');
    const command = (...args: string[]) =>
      ServiceProcess.start({ script: deadLetters, args, env: { RABBITMQ_URL: vhost.url() } });

    await eventually(async () =>
      expect(await broker.peekIds(deadLetterQueueOf(queues.taskWork))).toContain(task.id),
    );
    expect(broker.resultsOf(task.taskId)).toEqual([]);
    await vhost.clearPolicy('results-full');
    await broker.collectResults();

    const list = command('list');
    expect(await list.exit()).toBe(0);
    const listed = list.logs
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(listed).toContainEqual(
      expect.objectContaining({
        queue: 'tasks.work.dead',
        messageId: task.id,
        exchange: 'tasks',
        routingKey: 'diagnostic.sleep',
        reason: 'delivery_limit',
      }),
    );

    const replay = command('replay', task.id);
    expect(await replay.exit()).toBe(0);
    await eventually(async () =>
      expect(outcomeOf(task.taskId)).toMatchObject({ outcome: 'succeeded' }),
    );
    expect(await broker.peekIds(deadLetterQueueOf(queues.taskWork))).not.toContain(task.id);
  });

  it('reports what it processed on GET /status', async () => {
    const status = (await (await fetch(`${worker.url}/status`)).json()) as Record<string, unknown>;
    expect(status).toMatchObject({
      uptimeSeconds: expect.any(Number),
      inFlight: expect.any(Object),
      processed: { 'diagnostic.fail': { succeeded: 1, failed: 2 } },
    });
  });

  it('exports task metrics', async () => {
    const metrics = await (await fetch(`${worker.url}/metrics`)).text();
    expect(metrics).toMatch(
      /^tasks_processed_total\{type="diagnostic.fail",outcome="failed"\} 2$/m,
    );
    expect(metrics).toMatch(/^task_duration_seconds_count\{type="profile.welcome"\} [1-9]/m);
    expect(metrics).toMatch(/^task_start_lateness_seconds_count\{type="diagnostic.sleep"\} [1-9]/m);
  });

  // Last: it restarts the worker, whose counters the tests above read.
  it('audits an event once across a worker restart, as the api recorded it', async () => {
    const event = {
      id: randomUUID(),
      correlationId: `audit-${randomUUID()}`,
      type: 'profile.created',
      attempt: 1,
      occurredAt: new Date().toISOString(),
      payload: { profileId: randomUUID(), version: 1, changedFields: [], actor: 'dev' },
    };
    const content = Buffer.from(JSON.stringify(event));
    const audits = () => api.requests.filter(({ path }) => path.endsWith(event.id));
    await broker.publishRaw(exchanges.profileEvents, event.type, content, event.id);
    await eventually(async () =>
      expect(
        logLines(worker.process, { message: 'profile event', messageId: event.id }),
      ).toHaveLength(1),
    );

    await worker.process.stop('SIGTERM');
    worker = await startWorker(env);
    await broker.publishRaw(exchanges.profileEvents, event.type, content, event.id);

    await eventually(async () => expect(audits()).toHaveLength(2));
    // A line would follow the api's answer within milliseconds.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(logLines(worker.process, { message: 'profile event', messageId: event.id })).toEqual([]);
  });
});
