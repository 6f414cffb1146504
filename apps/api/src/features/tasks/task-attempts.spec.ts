import type { TaskResultMessage } from '@profile/profile-domain';
import { randomUUID } from 'node:crypto';
import { attemptRecords, toTaskAttempt } from './task-attempts';
import { TaskAttemptEntity } from './task-attempt.entity';

const taskId = randomUUID();
const dueAt = new Date('2026-01-01T00:00:00.000Z');
const envelope = { correlationId: 'r-1', occurredAt: '2026-01-01T00:00:09.000Z' };

const started = (attempt: number): TaskResultMessage => ({
  ...envelope,
  id: randomUUID(),
  type: 'task.started',
  attempt,
  payload: { taskId, attempt, startedAt: '2026-01-01T00:00:01.000Z' },
});
const failed = (attempt: number): TaskResultMessage => ({
  ...envelope,
  id: randomUUID(),
  type: 'task.outcome',
  attempt,
  payload: {
    taskId,
    attempt,
    outcome: 'failed',
    error: 'boom',
    startedAt: '2026-01-01T00:00:01.000Z',
    finishedAt: '2026-01-01T00:00:03.500Z',
  },
});

describe('attemptRecords', () => {
  it('records a started attempt without an end', () => {
    expect(attemptRecords([{ message: started(1), dueAt }])).toEqual([
      {
        taskId,
        attempt: 1,
        dueAt,
        startedAt: new Date('2026-01-01T00:00:01.000Z'),
        finishedAt: null,
        outcome: null,
        error: null,
      },
    ]);
  });

  it('makes one record of a started and an outcome message of the same attempt, in either order', () => {
    const record = {
      taskId,
      attempt: 1,
      dueAt,
      startedAt: new Date('2026-01-01T00:00:01.000Z'),
      finishedAt: new Date('2026-01-01T00:00:03.500Z'),
      outcome: 'failed',
      error: 'boom',
    };
    expect(
      attemptRecords([
        { message: started(1), dueAt },
        { message: failed(1), dueAt: new Date('2026-01-01T00:00:05.000Z') },
      ]),
    ).toEqual([record]);
    expect(
      attemptRecords([
        { message: failed(1), dueAt },
        { message: started(1), dueAt },
      ]),
    ).toEqual([record]);
    expect(
      attemptRecords([
        { message: failed(1), dueAt },
        { message: started(2), dueAt },
      ]).map(({ attempt }) => attempt),
    ).toEqual([1, 2]);
  });
});

describe('toTaskAttempt', () => {
  it('says how long an attempt ran and how late it started', () => {
    const entity = Object.assign(new TaskAttemptEntity(), {
      taskId,
      attempt: 2,
      dueAt,
      startedAt: new Date('2026-01-01T00:00:01.250Z'),
      finishedAt: new Date('2026-01-01T00:00:03.500Z'),
      outcome: 'succeeded',
      error: null,
    });
    expect(toTaskAttempt(entity)).toEqual({
      attempt: 2,
      status: 'succeeded',
      dueAt: '2026-01-01T00:00:00.000Z',
      startedAt: '2026-01-01T00:00:01.250Z',
      finishedAt: '2026-01-01T00:00:03.500Z',
      durationMs: 2250,
      startLatenessMs: 1250,
      error: null,
    });
    expect(toTaskAttempt({ ...entity, finishedAt: null, outcome: null })).toMatchObject({
      status: 'running',
      durationMs: null,
    });
  });
});
