import { type TaskAttempts, taskAttemptsSchema } from '@profile/api-contract';
import type { Task } from '@profile/profile-domain';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiUnderTest } from './support/api-under-test';

const HOUR_MS = 3_600_000;
const LEASE_MS = 2_000;

/**
 * POST /api/v1/tasks/:id/attempts/:attempt/claim: one delivery of an attempt runs it while its
 * worker lives; PUT and DELETE /api/v1/workers/:id/lease: how the api knows it lives.
 */
describe('task attempt claims (process against PostgreSQL and RabbitMQ)', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await ApiUnderTest.start('task_claims', { WORKER_LEASE_MS: String(LEASE_MS) });
  });

  afterAll(async () => {
    await api?.stop();
  });

  /** A task nothing runs: due in an hour, so only the test claims its attempts. */
  const waitingTask = async (body: Record<string, unknown> = {}): Promise<Task> =>
    (
      await api.call('POST', '/api/v1/tasks', {
        as: 'write',
        body: { type: 'diagnostic.sleep', payload: { ms: 1 }, delayMs: HOUR_MS, ...body },
      })
    ).json<Task>();
  const worker = randomUUID();
  const claim = (
    id: string,
    attempt: number | string,
    deliveryId: unknown,
    { as = 'write', workerId = worker }: { as?: 'write' | 'read'; workerId?: unknown } = {},
  ) =>
    api.call('POST', `/api/v1/tasks/${id}/attempts/${attempt}/claim`, {
      as,
      body: { deliveryId, workerId },
    });
  const lease = (method: 'PUT' | 'DELETE', workerId: string) =>
    api.call(method, `/api/v1/workers/${workerId}/lease`, { as: 'write' });
  const attemptsOf = async (id: string): Promise<TaskAttempts['items']> =>
    taskAttemptsSchema.parse((await api.call('GET', `/api/v1/tasks/${id}/attempts`)).json()).items;

  it('gives the attempt to the delivery that claims it first, recording it as started', async () => {
    const task = await waitingTask();
    const delivery = randomUUID();

    const answer = await claim(task.id, 1, delivery);

    expect(answer.status).toBe(200);
    expect(answer.json<Task>()).toMatchObject({
      id: task.id,
      status: 'running',
      attempts: 1,
      startedAt: expect.any(String),
    });
    expect(await attemptsOf(task.id)).toEqual([
      expect.objectContaining({ attempt: 1, status: 'running', dueAt: task.runAt }),
    ]);
    // The same delivery may claim again (its first answer was lost, say).
    expect((await claim(task.id, 1, delivery)).status).toBe(200);
  });

  it('refuses the attempt to another delivery while the holder’s worker holds its lease', async () => {
    const renewed = await lease('PUT', worker);
    expect(renewed.status).toBe(200);
    expect(renewed.json()).toEqual({
      workerId: worker,
      expiresAt: expect.any(String),
      renewAfterMs: Math.floor(LEASE_MS / 3),
    });
    const task = await waitingTask();
    expect((await claim(task.id, 1, randomUUID())).status).toBe(200);

    const answer = await claim(task.id, 1, randomUUID(), { workerId: randomUUID() });

    expect(answer.status).toBe(409);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(answer.headers.get('retry-after'))).toBeLessThanOrEqual(LEASE_MS / 1000);
    expect(answer.json()).toMatchObject({
      type: 'urn:profile-api:problem:attempt-held',
      status: 409,
      detail: expect.stringMatching(
        new RegExp(`^Attempt 1 of task ${task.id} is held by another delivery whose worker`),
      ),
    });
  });

  it('lets a new delivery take the attempt over once the holder’s lease has expired', async () => {
    const mortal = randomUUID();
    expect((await lease('PUT', mortal)).status).toBe(200);
    const task = await waitingTask();
    const first = randomUUID();
    const claimed = (await claim(task.id, 1, first, { workerId: mortal })).json<Task>();
    expect((await claim(task.id, 1, randomUUID())).status).toBe(409);

    await sleep(LEASE_MS + 200); // the worker died: its lease is not renewed
    expect((await lease('PUT', worker)).status).toBe(200);
    const takeover = randomUUID();
    const answer = await claim(task.id, 1, takeover);

    expect(answer.status).toBe(200);
    const taken = answer.json<Task>();
    expect(taken).toMatchObject({ status: 'running', attempts: 1 });
    expect(Date.parse(taken.startedAt!)).toBeGreaterThan(Date.parse(claimed.startedAt!));
    const [row] = await api.sql<{ claimed_by: string; claimed_by_worker: string }>(
      'SELECT claimed_by, claimed_by_worker FROM task_attempts WHERE task_id = $1',
      [task.id],
    );
    expect(row).toEqual({ claimed_by: takeover, claimed_by_worker: worker });
    // The dead worker's delivery, should it come back, now finds the attempt held.
    expect((await claim(task.id, 1, first, { workerId: mortal })).status).toBe(409);
  });

  it('frees a worker’s attempts at once when it ends its lease, and holds them for one lease when it never took one', async () => {
    const leaving = randomUUID();
    expect((await lease('PUT', leaving)).status).toBe(200);
    const released = await waitingTask();
    expect((await claim(released.id, 1, randomUUID(), { workerId: leaving })).status).toBe(200);
    expect((await lease('DELETE', leaving)).status).toBe(204);
    expect((await claim(released.id, 1, randomUUID())).status).toBe(200);

    const unleased = await waitingTask();
    expect((await claim(unleased.id, 1, randomUUID(), { workerId: randomUUID() })).status).toBe(
      200,
    );
    expect((await claim(unleased.id, 1, randomUUID())).status).toBe(409);
    await sleep(LEASE_MS + 200);
    expect((await claim(unleased.id, 1, randomUUID())).status).toBe(200);
  });

  it('refuses an attempt the task is not on, and one of a finished task', async () => {
    const task = await waitingTask();
    expect((await claim(task.id, 2, randomUUID())).json()).toMatchObject({
      status: 409,
      detail: `Attempt 2 of task ${task.id} is not due: the task is on attempt 1.`,
    });
    await api.sql(`UPDATE tasks SET status = 'scheduled', attempts = 1 WHERE id = $1`, [task.id]);
    expect((await claim(task.id, 1, randomUUID())).json()).toMatchObject({
      status: 409,
      detail: `Attempt 1 of task ${task.id} was superseded: the task is on attempt 2.`,
    });

    const cancelled = await waitingTask();
    expect((await api.call('POST', `/api/v1/tasks/${cancelled.id}/cancel`)).status).toBe(200);
    expect((await claim(cancelled.id, 1, randomUUID())).json()).toMatchObject({
      status: 409,
      detail: `Attempt 1 of task ${cancelled.id} cannot run: the task is cancelled.`,
    });
  });

  it('answers 404 for an unknown task, 400 for a bad attempt or body, and 403 for a read key', async () => {
    const task = await waitingTask();
    expect((await claim(randomUUID(), 1, randomUUID())).status).toBe(404);
    for (const attempt of ['0', 'x', '1.5']) {
      const answer = await claim(task.id, attempt, randomUUID());
      expect([attempt, answer.status]).toEqual([attempt, 400]);
    }
    const badBody = await claim(task.id, 1, 'not-a-uuid', { workerId: 'nobody' });
    expect(badBody.status).toBe(400);
    expect(badBody.json()).toMatchObject({
      errors: [
        expect.objectContaining({ path: 'deliveryId' }),
        expect.objectContaining({ path: 'workerId' }),
      ],
    });
    expect((await claim(task.id, 1, randomUUID(), { as: 'read' })).status).toBe(403);
    expect((await lease('PUT', 'not-a-uuid')).status).toBe(400);
    expect(
      (await api.call('PUT', `/api/v1/workers/${randomUUID()}/lease`, { as: 'read' })).status,
    ).toBe(403);
    expect((await api.call('GET', `/api/v1/tasks/${task.id}`)).json()).toMatchObject({
      status: 'scheduled',
      attempts: 0,
    });
  });

  it('claims a batch of attempts at once, deciding each claim in order', async () => {
    const [waiting, other, finished] = await Promise.all([
      waitingTask(),
      waitingTask(),
      waitingTask(),
    ]);
    expect((await api.call('POST', `/api/v1/tasks/${finished.id}/cancel`)).status).toBe(200);
    expect((await lease('PUT', worker)).status).toBe(200);
    const claims = [
      { taskId: waiting.id, attempt: 1, deliveryId: randomUUID() },
      // A second delivery of the same attempt in the same batch finds it held by the first.
      { taskId: waiting.id, attempt: 1, deliveryId: randomUUID() },
      { taskId: other.id, attempt: 1, deliveryId: randomUUID() },
      { taskId: finished.id, attempt: 1, deliveryId: randomUUID() },
      { taskId: randomUUID(), attempt: 1, deliveryId: randomUUID() },
    ];

    const answer = await api.call('POST', '/api/v1/task-claims', {
      as: 'write',
      body: { workerId: worker, claims },
    });

    expect(answer.status).toBe(200);
    expect(answer.json<{ items: unknown[] }>().items).toEqual([
      { ...claims[0], status: 'claimed', detail: null, retryAfterMs: null },
      {
        ...claims[1],
        status: 'held',
        detail: expect.stringContaining('is held by another delivery'),
        retryAfterMs: expect.any(Number),
      },
      { ...claims[2], status: 'claimed', detail: null, retryAfterMs: null },
      {
        ...claims[3],
        status: 'not-claimable',
        detail: `Attempt 1 of task ${finished.id} cannot run: the task is cancelled.`,
        retryAfterMs: null,
      },
      {
        ...claims[4],
        status: 'not-found',
        detail: `No task has the id ${claims[4].taskId}.`,
        retryAfterMs: null,
      },
    ]);
    for (const task of [waiting, other]) {
      expect((await api.call('GET', `/api/v1/tasks/${task.id}`)).json()).toMatchObject({
        status: 'running',
        attempts: 1,
      });
    }
    const [row] = await api.sql('SELECT claimed_by FROM task_attempts WHERE task_id = $1', [
      waiting.id,
    ]);
    expect(row).toEqual({ claimed_by: claims[0].deliveryId });
  });

  it('refuses an empty or oversized batch, and a read key', async () => {
    const claim = { taskId: randomUUID(), attempt: 1, deliveryId: randomUUID() };
    const post = (claims: unknown[], as: 'write' | 'read' = 'write') =>
      api.call('POST', '/api/v1/task-claims', { as, body: { workerId: worker, claims } });
    expect((await post([])).status).toBe(400);
    expect((await post(Array.from({ length: 101 }, () => claim))).status).toBe(400);
    expect((await post([{ ...claim, attempt: 0 }])).status).toBe(400);
    expect((await post([claim], 'read')).status).toBe(403);
  });

  it('records a task’s effect once, answering whether this call recorded it first', async () => {
    const task = await waitingTask();
    const record = (id: string, effect: string, as: 'write' | 'read' = 'write') =>
      api.call('PUT', `/api/v1/tasks/${id}/effects/${effect}`, { as });

    const first = await record(task.id, 'welcome');
    expect([first.status, first.json()]).toEqual([
      200,
      { taskId: task.id, effect: 'welcome', firstTime: true },
    ]);
    expect((await record(task.id, 'welcome')).json()).toMatchObject({ firstTime: false });
    expect((await record(task.id, 'reminder')).json()).toMatchObject({ firstTime: true });

    expect((await record(randomUUID(), 'welcome')).status).toBe(404);
    const badName = await record(task.id, 'Not_A_Name');
    expect(badName.status).toBe(400);
    expect(badName.json()).toMatchObject({ errors: [expect.objectContaining({ path: 'effect' })] });
    expect((await record(task.id, 'other', 'read')).status).toBe(403);
    expect(
      await api.sql('SELECT effect FROM task_effects WHERE task_id = $1 ORDER BY effect', [
        task.id,
      ]),
    ).toEqual([{ effect: 'reminder' }, { effect: 'welcome' }]);
  });
});
