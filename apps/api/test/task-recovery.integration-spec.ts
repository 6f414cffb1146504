import { type TaskAttempts, taskAttemptsSchema, taskSchema } from '@profile/api-contract';
import type { Task } from '@profile/profile-domain';
import { randomUUID } from 'node:crypto';
import { TaskStack } from './support/task-stack';

const HOUR_MS = 3_600_000;

/** Attempt history, retry and run-now, with the api and a worker as processes of their own. */
describe('task recovery (processes against PostgreSQL and RabbitMQ)', () => {
  let stack: TaskStack;

  beforeAll(async () => {
    stack = await TaskStack.start('task_recovery');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const attemptsOf = async (id: string): Promise<TaskAttempts> => {
    const answer = await stack.api.call('GET', `/api/v1/tasks/${id}/attempts`, { as: 'read' });
    expect(answer.status).toBe(200);
    return taskAttemptsSchema.parse(answer.json());
  };

  const post = (id: string, action: 'retry' | 'run-now', as: 'write' | 'read' = 'write') =>
    stack.api.call('POST', `/api/v1/tasks/${id}/${action}`, { as });

  describe('GET /api/v1/tasks/:id/attempts', () => {
    it('records each attempt: when it was due, started and ended, its outcome and error', async () => {
      const task = await stack.createTask({
        type: 'diagnostic.fail',
        payload: { failTimes: 1 },
        maxAttempts: 2,
      });
      const done = await stack.until(task.id, 'succeeded');

      const { items } = await attemptsOf(task.id);
      expect(items).toEqual([
        {
          attempt: 1,
          status: 'failed',
          dueAt: task.runAt,
          startedAt: expect.any(String),
          finishedAt: expect.any(String),
          durationMs: expect.any(Number),
          startLatenessMs: expect.any(Number),
          error: done.lastError,
        },
        {
          attempt: 2,
          status: 'succeeded',
          dueAt: expect.any(String),
          startedAt: done.startedAt,
          finishedAt: done.finishedAt,
          durationMs: Date.parse(done.finishedAt!) - Date.parse(done.startedAt!),
          startLatenessMs: expect.any(Number),
          error: null,
        },
      ]);
      const [first, second] = items;
      // The second attempt was due after the first failed, by the retry backoff.
      expect(Date.parse(second.dueAt)).toBeGreaterThanOrEqual(Date.parse(first.finishedAt!));
      expect(second.startLatenessMs).toBe(
        Math.max(0, Date.parse(second.startedAt) - Date.parse(second.dueAt)),
      );
    });

    it('shows an attempt that is still running, without an end', async () => {
      const task = await stack.createTask({ type: 'diagnostic.sleep', payload: { ms: 3_000 } });
      await stack.until(task.id, 'running');
      expect((await attemptsOf(task.id)).items).toEqual([
        expect.objectContaining({
          attempt: 1,
          status: 'running',
          finishedAt: null,
          durationMs: null,
        }),
      ]);
      await stack.until(task.id, 'succeeded');
    });

    it('answers a task that has not started with no attempts, and 404 or 400 for a bad id', async () => {
      const later = await stack.createTask({
        type: 'diagnostic.sleep',
        payload: { ms: 1 },
        delayMs: HOUR_MS,
      });
      expect((await attemptsOf(later.id)).items).toEqual([]);
      const missing = await stack.api.call('GET', `/api/v1/tasks/${randomUUID()}/attempts`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await stack.api.call('GET', '/api/v1/tasks/x/attempts')).status).toBe(400);
    });
  });

  describe('POST /api/v1/tasks/:id/retry', () => {
    it('runs a failed task again as a new task linked to it, once', async () => {
      const failing = await stack.createTask({
        type: 'diagnostic.fail',
        payload: { failTimes: 1 },
        maxAttempts: 1,
      });
      await stack.until(failing.id, 'failed');

      const answer = await post(failing.id, 'retry');
      expect(answer.status).toBe(202);
      const retry = taskSchema.parse(answer.json());
      expect(answer.headers.get('location')).toBe(`/api/v1/tasks/${retry.id}`);
      expect(retry).toMatchObject({
        type: 'diagnostic.fail',
        payload: { failTimes: 1 },
        maxAttempts: 1,
        attempts: 0,
        status: 'scheduled',
        retryOf: failing.id,
        retriedAs: null,
      });
      expect((await stack.task(failing.id)).retriedAs).toBe(retry.id);
      // A new attempt series: its first attempt fails again, as the payload says.
      await stack.until(retry.id, 'failed');
      expect((await attemptsOf(retry.id)).items).toHaveLength(1);
      expect((await attemptsOf(failing.id)).items).toHaveLength(1);

      const again = await post(failing.id, 'retry');
      expect(again.status).toBe(409);
      expect(again.json()).toMatchObject({
        type: 'urn:profile-api:problem:task-not-retryable',
        detail: expect.stringContaining(retry.id),
      });
    });

    it('runs a cancelled task again, and makes one retry of many concurrent requests', async () => {
      const cancelled = await stack.createTask({
        type: 'diagnostic.sleep',
        payload: { ms: 1 },
        delayMs: HOUR_MS,
      });
      expect((await stack.api.call('POST', `/api/v1/tasks/${cancelled.id}/cancel`)).status).toBe(
        200,
      );

      const answers = await Promise.all(
        Array.from({ length: 5 }, () => post(cancelled.id, 'retry')),
      );
      expect(answers.map(({ status }) => status).sort()).toEqual([202, 409, 409, 409, 409]);
      const retry = answers.find(({ status }) => status === 202)!.json<Task>();
      await stack.until(retry.id, 'succeeded');
      const retries = await stack.sql<{ count: number }>(
        'SELECT count(*)::int AS count FROM tasks WHERE retry_of = $1',
        [cancelled.id],
      );
      expect(retries).toEqual([{ count: 1 }]);
    });

    it('refuses a task that has not failed or been cancelled, a read key, and an unknown task', async () => {
      const scheduled = await stack.createTask({
        type: 'diagnostic.sleep',
        payload: { ms: 1 },
        delayMs: HOUR_MS,
      });
      const before = await stack.sql('SELECT count(*)::int AS count FROM tasks');
      const refused = await post(scheduled.id, 'retry');
      expect(refused.status).toBe(409);
      expect(refused.json()).toMatchObject({
        type: 'urn:profile-api:problem:task-not-retryable',
        detail: `Task ${scheduled.id} is scheduled; only a failed or cancelled task can be retried.`,
      });
      expect((await post(scheduled.id, 'retry', 'read')).status).toBe(403);
      expect((await post(randomUUID(), 'retry')).status).toBe(404);
      expect((await post('not-a-uuid', 'retry')).status).toBe(400);
      expect(await stack.sql('SELECT count(*)::int AS count FROM tasks')).toEqual(before);
    });
  });

  describe('POST /api/v1/tasks/:id/run-now', () => {
    it('makes a task scheduled for an hour from now due now', async () => {
      const later = await stack.createTask({
        type: 'diagnostic.sleep',
        payload: { ms: 1 },
        delayMs: HOUR_MS,
      });
      const asked = Date.now();
      const answer = await post(later.id, 'run-now');
      expect(answer.status).toBe(200);
      const due = taskSchema.parse(answer.json());
      expect(Date.parse(due.runAt)).toBeLessThan(Date.parse(later.runAt));
      expect(Math.abs(Date.parse(due.runAt) - asked)).toBeLessThan(5_000);

      const done = await stack.until(later.id, 'succeeded');
      expect(Date.parse(done.startedAt!) - asked).toBeLessThan(10_000);
      const [attempt] = (await attemptsOf(later.id)).items;
      expect(attempt.dueAt).toBe(due.runAt);
      // One message of the attempt went out: the one withdrawn was not published as well.
      const messages = await stack.sql<{ count: number }>(
        `SELECT count(*)::int AS count FROM outbox WHERE envelope->>'taskId' = $1`,
        [later.id],
      );
      expect(messages).toEqual([{ count: 1 }]);
    });

    it('refuses a task that is no longer scheduled, a read key, and an unknown task', async () => {
      const done = await stack.createTask({ type: 'diagnostic.sleep', payload: { ms: 1 } });
      await stack.until(done.id, 'succeeded');
      const refused = await post(done.id, 'run-now');
      expect(refused.status).toBe(409);
      expect(refused.json()).toMatchObject({
        type: 'urn:profile-api:problem:task-not-runnable',
        detail: `Task ${done.id} is succeeded; only a scheduled task can be made due now.`,
      });
      const later = await stack.createTask({
        type: 'diagnostic.sleep',
        payload: { ms: 1 },
        delayMs: HOUR_MS,
      });
      expect((await post(later.id, 'run-now', 'read')).status).toBe(403);
      expect((await stack.task(later.id)).runAt).toBe(later.runAt);
      expect((await post(randomUUID(), 'run-now')).status).toBe(404);
    });
  });
});
