import type { TaskResultMessage } from '@profile/profile-domain';
import { randomUUID } from 'node:crypto';
import { attemptMessageId } from './task-attempt-message';
import { progress } from './task-progress';
import { TaskEntity } from './task.entity';

const backoff = { baseMs: 1_000, maxMs: 8_000 };
const now = new Date('2026-01-01T00:00:10.000Z');

function task(overrides: Partial<TaskEntity> = {}): TaskEntity {
  return Object.assign(new TaskEntity(), {
    id: randomUUID(),
    type: 'diagnostic.fail',
    payload: { failTimes: 1 },
    status: 'queued',
    runAt: new Date('2026-01-01T00:00:00.000Z'),
    attempts: 0,
    maxAttempts: 3,
    result: null,
    lastError: null,
    profileId: null,
    correlationId: 'request-1',
    createdAt: new Date('2026-01-01T00:00:00.000Z'),
    startedAt: null,
    finishedAt: null,
    ...overrides,
  });
}

const envelope = { id: randomUUID(), correlationId: 'request-1', occurredAt: now.toISOString() };
const startedMessage = (taskId: string, attempt: number): TaskResultMessage => ({
  ...envelope,
  type: 'task.started',
  attempt,
  payload: { taskId, attempt, startedAt: '2026-01-01T00:00:05.000Z' },
});
const outcomeMessage = (
  taskId: string,
  attempt: number,
  outcome: { outcome: 'succeeded'; result: unknown } | { outcome: 'failed'; error: string },
): TaskResultMessage =>
  ({
    ...envelope,
    type: 'task.outcome',
    attempt,
    payload: {
      taskId,
      attempt,
      ...outcome,
      startedAt: '2026-01-01T00:00:05.000Z',
      finishedAt: '2026-01-01T00:00:06.000Z',
    },
  }) as TaskResultMessage;

describe('progress', () => {
  it('starts the attempt the task waits for, whether or not its message was marked sent yet', () => {
    for (const status of ['queued', 'scheduled'] as const) {
      const running = task({ status });
      expect(progress(running, startedMessage(running.id, 1), backoff, now)).toEqual({
        applied: true,
      });
      expect(running).toMatchObject({
        status: 'running',
        attempts: 1,
        startedAt: new Date('2026-01-01T00:00:05.000Z'),
      });
    }
  });

  it('finishes a running attempt with its result', () => {
    const done = task({ status: 'running', attempts: 1 });
    progress(
      done,
      outcomeMessage(done.id, 1, { outcome: 'succeeded', result: { ok: 1 } }),
      backoff,
      now,
    );
    expect(done).toMatchObject({
      status: 'succeeded',
      result: { ok: 1 },
      finishedAt: new Date('2026-01-01T00:00:06.000Z'),
    });
  });

  it('lets an outcome that overtook its started message stand for both', () => {
    const overtaken = task({ status: 'queued', attempts: 0 });
    const outcome = outcomeMessage(overtaken.id, 1, { outcome: 'succeeded', result: null });
    expect(progress(overtaken, outcome, backoff, now)).toEqual({ applied: true });
    expect(overtaken).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(progress(overtaken, startedMessage(overtaken.id, 1), backoff, now)).toEqual({
      applied: false,
    });
    expect(overtaken.status).toBe('succeeded');
  });

  it('schedules the next attempt after a failure, with capped exponential backoff', () => {
    const failing = task({ status: 'running', attempts: 2 });
    const moved = progress(
      failing,
      outcomeMessage(failing.id, 2, { outcome: 'failed', error: 'boom' }),
      backoff,
      now,
    );
    expect(failing).toMatchObject({
      status: 'scheduled',
      attempts: 2,
      lastError: 'boom',
      runAt: new Date(now.getTime() + 2_000),
      finishedAt: null,
    });
    expect(moved).toEqual({
      applied: true,
      retry: expect.objectContaining({
        routingKey: 'diagnostic.fail',
        dueAt: failing.runAt,
        envelope: expect.objectContaining({
          id: attemptMessageId(failing.id, 3),
          attempt: 3,
          taskId: failing.id,
          correlationId: 'request-1',
        }),
      }),
    });
  });

  it('fails the task for good when its last attempt fails', () => {
    const last = task({ status: 'running', attempts: 3 });
    const moved = progress(
      last,
      outcomeMessage(last.id, 3, { outcome: 'failed', error: 'boom' }),
      backoff,
      now,
    );
    expect(moved).toEqual({ applied: true });
    expect(last).toMatchObject({
      status: 'failed',
      lastError: 'boom',
      finishedAt: expect.any(Date),
    });
  });

  it.each([
    [
      'a started message of an earlier attempt',
      task({ status: 'scheduled', attempts: 1 }),
      (id: string) => startedMessage(id, 1),
    ],
    [
      'a started message of a later attempt',
      task({ status: 'queued', attempts: 0 }),
      (id: string) => startedMessage(id, 2),
    ],
    [
      'an outcome of an earlier attempt',
      task({ status: 'running', attempts: 2 }),
      (id: string) => outcomeMessage(id, 1, { outcome: 'failed', error: 'x' }),
    ],
    [
      'anything for a cancelled task',
      task({ status: 'cancelled' }),
      (id: string) => startedMessage(id, 1),
    ],
    [
      'anything for a finished task',
      task({ status: 'succeeded', attempts: 1 }),
      (id: string) => outcomeMessage(id, 1, { outcome: 'succeeded', result: 1 }),
    ],
  ])('ignores %s', (_case, stale, message) => {
    const before = { ...stale };
    expect(progress(stale, message(stale.id), backoff, now)).toEqual({ applied: false });
    expect(stale).toEqual(before);
  });
});
