import { randomUUID } from 'node:crypto';
import type { Task } from '@profile/profile-domain';
import { TaskStack } from './support/task-stack';

describe('tasks API with the worker (processes against PostgreSQL and RabbitMQ)', () => {
  let stack: TaskStack;

  beforeAll(async () => {
    stack = await TaskStack.start('tasks');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const sleep = (ms: number, extra: Record<string, unknown> = {}) => ({
    type: 'diagnostic.sleep',
    payload: { ms },
    ...extra,
  });

  describe('POST /api/v1/tasks', () => {
    it('answers 202 with the task, every field present, and a Location', async () => {
      const answer = await stack.api.call('POST', '/api/v1/tasks', {
        as: 'write',
        body: sleep(1, { delayMs: 60_000 }),
      });
      expect(answer.status).toBe(202);
      const task = answer.json<Task>();
      expect(task).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: 'diagnostic.sleep',
        payload: { ms: 1 },
        status: 'scheduled',
        runAt: expect.any(String),
        attempts: 0,
        maxAttempts: 3,
        result: null,
        lastError: null,
        createdAt: expect.any(String),
        startedAt: null,
        finishedAt: null,
        retryOf: null,
        retriedAs: null,
      });
      expect(answer.headers.get('location')).toBe(`/api/v1/tasks/${task.id}`);
      const delay = Date.parse(task.runAt) - Date.parse(task.createdAt);
      expect(delay).toBeGreaterThanOrEqual(60_000);
      expect(delay).toBeLessThan(61_000);
    });

    it.each([
      ['an unknown type', { type: 'profile.delete', payload: {} }, 'type'],
      ['a payload that does not fit the type', sleep(60_001), 'payload.ms'],
      ['delayMs over 7 days', sleep(1, { delayMs: 7 * 86_400_000 + 1 }), 'delayMs'],
      [
        'delayMs and runAt together',
        sleep(1, { delayMs: 1, runAt: new Date().toISOString() }),
        'runAt',
      ],
      ['maxAttempts 11', sleep(1, { maxAttempts: 11 }), 'maxAttempts'],
      ['an unknown field', sleep(1, { priority: 1 }), 'priority'],
    ])('answers 400 naming the field for %s, creating nothing', async (_case, body, path) => {
      const before = await stack.sql<{ count: number }>('SELECT count(*)::int AS count FROM tasks');
      const answer = await stack.api.call('POST', '/api/v1/tasks', { as: 'write', body });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(
        answer.json<{ errors: Array<{ path: string }> }>().errors.map((e) => e.path),
      ).toContain(path);
      expect(await stack.sql('SELECT count(*)::int AS count FROM tasks')).toEqual(before);
    });

    it('answers 400 to a payload over 16 KiB', async () => {
      const answer = await stack.api.call('POST', '/api/v1/tasks', {
        as: 'write',
        body: {
          type: 'profile.welcome',
          payload: { profileId: randomUUID(), pad: 'x'.repeat(17_000) },
        },
      });
      expect(answer.status).toBe(400);
      expect(answer.json()).toMatchObject({
        errors: [{ path: 'payload', message: 'must be at most 16384 bytes as JSON' }],
      });
    });

    it('needs the write scope', async () => {
      const answer = await stack.api.call('POST', '/api/v1/tasks', { as: 'read', body: sleep(1) });
      expect(answer.status).toBe(403);
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the original task for the same body, in any key order', async () => {
      const key = `replay-${randomUUID()}`;
      const first = await stack.api.call('POST', '/api/v1/tasks', {
        as: 'write',
        body: { type: 'diagnostic.sleep', payload: { ms: 1 }, delayMs: 60_000 },
        headers: { 'idempotency-key': key },
      });
      const again = await stack.api.call('POST', '/api/v1/tasks', {
        as: 'write',
        body: { delayMs: 60_000, payload: { ms: 1 }, type: 'diagnostic.sleep' },
        headers: { 'idempotency-key': key },
      });
      expect(first.status).toBe(202);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(again.status).toBe(202);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.json()).toEqual(first.json());
      const rows = await stack.sql('SELECT id FROM tasks WHERE id = $1', [first.json<Task>().id]);
      expect(rows).toHaveLength(1);
    });

    it('creates one task for concurrent requests with one key', async () => {
      const key = `race-${randomUUID()}`;
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          stack.api.call('POST', '/api/v1/tasks', {
            as: 'write',
            body: sleep(1, { delayMs: 60_000 }),
            headers: { 'idempotency-key': key },
          }),
        ),
      );
      expect(answers.map(({ status }) => status)).toEqual(Array(10).fill(202));
      expect(new Set(answers.map((answer) => answer.json<Task>().id)).size).toBe(1);
      expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(
        9,
      );
    });

    it('answers 422 to the same key with a different body, creating nothing', async () => {
      const key = `mismatch-${randomUUID()}`;
      await stack.api.call('POST', '/api/v1/tasks', {
        as: 'write',
        body: sleep(1, { delayMs: 60_000 }),
        headers: { 'idempotency-key': key },
      });
      const before = await stack.sql('SELECT count(*)::int AS count FROM tasks');
      const other = await stack.api.call('POST', '/api/v1/tasks', {
        as: 'write',
        body: sleep(2, { delayMs: 60_000 }),
        headers: { 'idempotency-key': key },
      });
      expect(other.status).toBe(422);
      expect(other.json()).toMatchObject({
        type: 'urn:profile-api:problem:idempotency-key-reused',
        status: 422,
      });
      expect(await stack.sql('SELECT count(*)::int AS count FROM tasks')).toEqual(before);
    });

    it('scopes keys to the calling API key', async () => {
      const key = `scoped-${randomUUID()}`;
      const writer = await stack.api.call('POST', '/api/v1/tasks', {
        as: 'write',
        body: sleep(1, { delayMs: 60_000 }),
        headers: { 'idempotency-key': key },
      });
      const admin = await stack.api.call('POST', '/api/v1/tasks', {
        as: 'admin',
        body: sleep(2, { delayMs: 60_000 }),
        headers: { 'idempotency-key': key },
      });
      expect(admin.status).toBe(202);
      expect(admin.json<Task>().id).not.toBe(writer.json<Task>().id);
    });

    it('answers 400 to a key that is not printable ASCII', async () => {
      const answer = await stack.api.call('POST', '/api/v1/tasks', {
        as: 'write',
        body: sleep(1),
        headers: { 'idempotency-key': 'x'.repeat(256) },
      });
      expect(answer.status).toBe(400);
    });
  });

  describe('running', () => {
    it('runs a task to success, recording attempts, result and times', async () => {
      const created = await stack.createTask(sleep(20));
      const task = await stack.until(created.id, 'succeeded');
      expect(task).toMatchObject({ attempts: 1, result: { sleptMs: 20 }, lastError: null });
      expect(Date.parse(task.startedAt!)).toBeGreaterThanOrEqual(Date.parse(task.runAt));
      expect(Date.parse(task.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(task.startedAt!));
    });

    // How late tasks start under load (p99 within 1 s) is a speed target: make bench measures it.
    it('runs an 8 s task scheduled before a 1 s task after it, neither before its runAt', async () => {
      const long = await stack.createTask(sleep(0, { delayMs: 8_000 }));
      const short = await stack.createTask(sleep(0, { delayMs: 1_000 }));
      const shortDone = await stack.until(short.id, 'succeeded', 5_000);
      expect((await stack.task(long.id)).status).toBe('scheduled');
      const longDone = await stack.until(long.id, 'succeeded', 15_000);
      expect(Date.parse(shortDone.startedAt!)).toBeLessThan(Date.parse(long.runAt));
      for (const task of [shortDone, longDone]) {
        expect(Date.parse(task.startedAt!)).toBeGreaterThanOrEqual(Date.parse(task.runAt));
      }
    });

    // On an idle system a task starts a few ms after its runAt: the relay sleeps until the next
    // due row. Found only by the poll (OUTBOX_POLL_INTERVAL_MS, 10 s), they would start seconds late.
    it('starts tasks due 1–2 s ahead within 500 ms of their runAt', async () => {
      const created = await Promise.all(
        [1_000, 1_300, 1_600, 1_900].map((delayMs) => stack.createTask(sleep(0, { delayMs }))),
      );
      for (const { id } of created) {
        const task = await stack.until(id, 'succeeded', 10_000);
        const lateness = Date.parse(task.startedAt!) - Date.parse(task.runAt);
        expect(lateness).toBeGreaterThanOrEqual(0);
        expect(lateness).toBeLessThan(500);
      }
    });

    it('retries diagnostic.fail with backoff until it succeeds', async () => {
      const created = await stack.createTask({
        type: 'diagnostic.fail',
        payload: { failTimes: 2 },
        maxAttempts: 3,
      });
      const task = await stack.until(created.id, 'succeeded');
      expect(task).toMatchObject({
        attempts: 3,
        result: { succeededOnAttempt: 3 },
        lastError: 'attempt 2 of the first 2 fails on purpose',
      });
    });

    it('ends failed with its error once maxAttempts is spent', async () => {
      const created = await stack.createTask({
        type: 'diagnostic.fail',
        payload: { failTimes: 5 },
        maxAttempts: 2,
      });
      const task = await stack.until(created.id, 'failed');
      expect(task).toMatchObject({
        attempts: 2,
        result: null,
        lastError: 'attempt 2 of the first 5 fails on purpose',
        finishedAt: expect.any(String),
      });
    });
  });

  describe('POST /api/v1/tasks/:id/cancel', () => {
    it('cancels a scheduled task, which then never runs; a second cancel is a 409', async () => {
      const created = await stack.createTask(sleep(0, { delayMs: 1_500 }));
      const cancel = await stack.api.call('POST', `/api/v1/tasks/${created.id}/cancel`, {
        as: 'write',
      });
      expect(cancel.status).toBe(200);
      expect(cancel.json()).toMatchObject({ id: created.id, status: 'cancelled' });

      const again = await stack.api.call('POST', `/api/v1/tasks/${created.id}/cancel`, {
        as: 'write',
      });
      expect(again.status).toBe(409);
      expect(again.json()).toMatchObject({
        type: 'urn:profile-api:problem:task-not-cancellable',
        detail: expect.stringContaining('cancelled'),
      });

      // A task scheduled after it, due later, runs: had the cancelled one been sent, it would
      // have run first.
      const later = await stack.createTask(sleep(0, { delayMs: 2_000 }));
      await stack.until(later.id, 'succeeded');
      expect(await stack.task(created.id)).toMatchObject({
        status: 'cancelled',
        attempts: 0,
        startedAt: null,
      });
      expect(
        await stack.sql("SELECT id FROM outbox WHERE envelope->>'taskId' = $1", [created.id]),
      ).toEqual([]);
    });

    it('answers 409 for a task that already ran, 404 for an unknown one', async () => {
      const done = await stack.createTask(sleep(0));
      await stack.until(done.id, 'succeeded');
      const ran = await stack.api.call('POST', `/api/v1/tasks/${done.id}/cancel`, { as: 'write' });
      expect(ran.status).toBe(409);
      const unknown = await stack.api.call('POST', `/api/v1/tasks/${randomUUID()}/cancel`, {
        as: 'write',
      });
      expect(unknown.status).toBe(404);
    });
  });

  describe('GET /api/v1/tasks', () => {
    it('pages newest first, filtered by status and type', async () => {
      const ids: string[] = [];
      for (let index = 0; index < 3; index += 1) {
        ids.push(
          (
            await stack.createTask({
              type: 'diagnostic.fail',
              payload: { failTimes: 0 },
              delayMs: 600_000,
            })
          ).id,
        );
      }
      const first = await stack.api.call(
        'GET',
        '/api/v1/tasks?type=diagnostic.fail&status=scheduled&limit=2',
        { as: 'read' },
      );
      expect(first.status).toBe(200);
      const page = first.json<{ items: Task[]; nextCursor: string }>();
      expect(page.items.map(({ id }) => id)).toEqual([ids[2], ids[1]]);
      const second = await stack.api.call(
        'GET',
        `/api/v1/tasks?type=diagnostic.fail&status=scheduled&limit=2&cursor=${page.nextCursor}`,
        { as: 'read' },
      );
      expect(second.json<{ items: Task[] }>().items.map(({ id }) => id)).toEqual([ids[0]]);
      expect(second.json()).toMatchObject({ nextCursor: null });
    });

    it.each(['status=done', 'type=unknown', 'limit=0', 'cursor=nope'])(
      'answers 400 to %s',
      async (query) => {
        expect((await stack.api.call('GET', `/api/v1/tasks?${query}`, { as: 'read' })).status).toBe(
          400,
        );
      },
    );

    it('answers 404 for an unknown task and 400 for a bad id', async () => {
      expect(
        (await stack.api.call('GET', `/api/v1/tasks/${randomUUID()}`, { as: 'read' })).status,
      ).toBe(404);
      expect((await stack.api.call('GET', '/api/v1/tasks/42', { as: 'read' })).status).toBe(400);
    });
  });
});
