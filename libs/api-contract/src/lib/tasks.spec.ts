import { taskTypes, validate } from '@profile/profile-domain';
import { resourceIdSchema } from './pagination';
import { taskAttemptsSchema, taskListQuerySchema, taskPageSchema, taskStatsSchema } from './tasks';
import { idempotencyKeySchema } from './idempotency';

describe('the task contract', () => {
  it('filters a list by a known status and type', () => {
    expect(taskListQuerySchema.parse({ status: 'failed', type: 'diagnostic.fail' })).toEqual({
      limit: 20,
      status: 'failed',
      type: 'diagnostic.fail',
    });
    const refused = validate(taskListQuerySchema, { status: 'done', type: 'mail.send' });
    expect(refused.ok ? [] : refused.errors.map(({ path }) => path)).toEqual(['status', 'type']);
  });

  it('takes an Idempotency-Key of 1-255 printable ASCII characters, or none', () => {
    for (const key of [undefined, 'a', '~'.repeat(255), 'order-42:retry']) {
      expect(idempotencyKeySchema.safeParse(key).success).toBe(true);
    }
    for (const key of ['', 'x'.repeat(256), 'with space', 'schlüssel']) {
      expect(idempotencyKeySchema.safeParse(key).error?.issues[0]?.message).toBe(
        'must be 1-255 printable ASCII characters',
      );
    }
  });

  it('reads a page of tasks', () => {
    const task = {
      id: '6f1c2d1e-0000-4000-8000-000000000001',
      type: 'diagnostic.sleep',
      payload: { ms: 10 },
      status: 'succeeded',
      runAt: '2025-01-02T03:04:05.678Z',
      attempts: 1,
      maxAttempts: 3,
      result: { slept: 10 },
      lastError: null,
      createdAt: '2025-01-02T03:04:05.678Z',
      startedAt: '2025-01-02T03:04:05.700Z',
      finishedAt: '2025-01-02T03:04:05.720Z',
      retryOf: null,
      retriedAs: null,
    };
    expect(taskPageSchema.parse({ items: [task], nextCursor: null }).items).toEqual([task]);
    expect(
      taskPageSchema.safeParse({ items: [{ ...task, status: 'lost' }], nextCursor: null }).success,
    ).toBe(false);
  });

  it('reads the attempts of a task: a running one has no end yet', () => {
    const attempts = {
      items: [
        {
          attempt: 1,
          status: 'failed',
          dueAt: '2025-01-02T03:04:05.000Z',
          startedAt: '2025-01-02T03:04:05.100Z',
          finishedAt: '2025-01-02T03:04:05.300Z',
          durationMs: 200,
          startLatenessMs: 100,
          error: 'boom',
        },
        {
          attempt: 2,
          status: 'running',
          dueAt: '2025-01-02T03:04:06.000Z',
          startedAt: '2025-01-02T03:04:06.010Z',
          finishedAt: null,
          durationMs: null,
          startLatenessMs: 10,
          error: null,
        },
      ],
    };
    expect(taskAttemptsSchema.parse(attempts)).toEqual(attempts);
    const [failed] = attempts.items;
    expect(taskAttemptsSchema.safeParse({ items: [{ ...failed, status: 'lost' }] }).success).toBe(
      false,
    );
  });

  it('reads a resource id as a UUID in lower case', () => {
    expect(resourceIdSchema.parse('6F1C2D1E-0000-4000-8000-00000000000A')).toBe(
      '6f1c2d1e-0000-4000-8000-00000000000a',
    );
    expect(resourceIdSchema.safeParse('1').error?.issues[0]?.message).toBe('must be a UUID');
  });

  it('reads task counts with every status of every type, and nothing else', () => {
    const none = { scheduled: 0, queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
    const stats = {
      asOf: '2025-01-02T03:04:05.678Z',
      byStatus: { ...none, succeeded: 2 },
      byType: Object.fromEntries(taskTypes.map((type) => [type, none])),
    };
    stats.byType['profile.welcome'] = { ...none, succeeded: 2 };
    expect(taskStatsSchema.parse(stats)).toEqual(stats);
    const { 'diagnostic.fail': _missing, ...withoutOneType } = stats.byType;
    expect(taskStatsSchema.safeParse({ ...stats, byType: withoutOneType }).success).toBe(false);
    expect(
      taskStatsSchema.safeParse({ ...stats, byStatus: { ...stats.byStatus, lost: 1 } }).success,
    ).toBe(false);
  });
});
