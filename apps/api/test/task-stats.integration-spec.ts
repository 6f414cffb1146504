import { type TaskStats, taskStatsSchema } from '@profile/api-contract';
import { taskTypes } from '@profile/profile-domain';
import type { Task } from '@profile/profile-domain';
import { eventually } from '@profile/testing';
import { ApiUnderTest } from './support/api-under-test';

const HOUR_MS = 3_600_000;

/** GET /api/v1/tasks/stats, counted in PostgreSQL and shared through the cache for 2 s. */
describe('GET /api/v1/tasks/stats (process against PostgreSQL and Redis)', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await ApiUnderTest.start('task_stats');
  });

  afterAll(async () => {
    await api?.stop();
  });

  const stats = async (): Promise<TaskStats> => {
    const answer = await api.call('GET', '/api/v1/tasks/stats', { as: 'read' });
    expect(answer.status).toBe(200);
    return taskStatsSchema.parse(answer.json());
  };

  const schedule = async (type: string, payload: Record<string, unknown>): Promise<Task> => {
    const answer = await api.call('POST', '/api/v1/tasks', {
      as: 'write',
      body: { type, payload, delayMs: HOUR_MS },
    });
    expect(answer.status).toBe(202);
    return answer.json<Task>();
  };

  it('counts every status, in all and per type, zero where there is none', async () => {
    await schedule('diagnostic.sleep', { ms: 1 });
    await schedule('diagnostic.sleep', { ms: 2 });
    const cancelled = await schedule('diagnostic.fail', { failTimes: 0 });
    await api.call('POST', `/api/v1/tasks/${cancelled.id}/cancel`, { as: 'write' });

    let counted: TaskStats | undefined;
    await eventually(async () => {
      counted = await stats();
      expect(counted.byStatus.cancelled).toBe(1);
    });
    expect(counted?.byStatus).toEqual({
      scheduled: 2,
      queued: 0,
      running: 0,
      succeeded: 0,
      failed: 0,
      cancelled: 1,
    });
    expect(Object.keys(counted?.byType ?? {}).sort()).toEqual([...taskTypes].sort());
    expect(counted?.byType['diagnostic.sleep']).toMatchObject({ scheduled: 2, cancelled: 0 });
    expect(counted?.byType['diagnostic.fail']).toMatchObject({ scheduled: 0, cancelled: 1 });
    expect(counted?.byType['profile.welcome']).toMatchObject({ scheduled: 0 });
  });

  it('answers every caller from one count for 2 s, then counts again', async () => {
    const first = await stats();
    await schedule('diagnostic.sleep', { ms: 3 });
    // Within the 2 s: the same count, new task or not.
    expect(await stats()).toEqual(first);
    await eventually(async () => {
      const later = await stats();
      expect(Date.parse(later.asOf)).toBeGreaterThan(Date.parse(first.asOf));
      expect(later.byStatus.scheduled).toBe(first.byStatus.scheduled + 1);
    });
  });

  it('counts without the cache while Redis is unavailable', async () => {
    await api.redisProxy.cut();
    try {
      await schedule('diagnostic.sleep', { ms: 4 });
      const direct = await stats();
      const scheduled = await api.sql<{ count: number }>(
        `SELECT count(*)::int AS count FROM tasks WHERE status = 'scheduled'`,
      );
      expect(direct.byStatus.scheduled).toBe(scheduled[0].count);
      expect(Date.now() - Date.parse(direct.asOf)).toBeLessThan(1_000);
    } finally {
      await api.redisProxy.restore();
    }
  });
});
