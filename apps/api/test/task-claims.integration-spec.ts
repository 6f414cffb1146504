import { type TaskAttempts, taskAttemptsSchema } from '@profile/api-contract';
import type { Task } from '@profile/profile-domain';
import { randomUUID } from 'node:crypto';
import { ApiUnderTest } from './support/api-under-test';

const HOUR_MS = 3_600_000;

/** POST /api/v1/tasks/:id/attempts/:attempt/claim: one delivery of an attempt runs it. */
describe('task attempt claims (process against PostgreSQL and RabbitMQ)', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await ApiUnderTest.start('task_claims');
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
  const claim = (
    id: string,
    attempt: number | string,
    deliveryId: unknown,
    as: 'write' | 'read' = 'write',
  ) =>
    api.call('POST', `/api/v1/tasks/${id}/attempts/${attempt}/claim`, {
      as,
      body: { deliveryId },
    });
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

  it('refuses the attempt to another delivery, with a problem', async () => {
    const task = await waitingTask();
    expect((await claim(task.id, 1, randomUUID())).status).toBe(200);

    const answer = await claim(task.id, 1, randomUUID());

    expect(answer.status).toBe(409);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.json()).toMatchObject({
      type: 'urn:profile-api:problem:attempt-not-claimable',
      status: 409,
      detail: `Attempt 1 of task ${task.id} is held by another delivery.`,
    });
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
    const badBody = await claim(task.id, 1, 'not-a-uuid');
    expect(badBody.status).toBe(400);
    expect(badBody.json()).toMatchObject({
      errors: [expect.objectContaining({ path: 'deliveryId' })],
    });
    expect((await claim(task.id, 1, randomUUID(), 'read')).status).toBe(403);
    expect((await api.call('GET', `/api/v1/tasks/${task.id}`)).json()).toMatchObject({
      status: 'scheduled',
      attempts: 0,
    });
  });
});
