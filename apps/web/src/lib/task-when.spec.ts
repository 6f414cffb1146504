import type { Task } from '@profile/profile-domain';
import { taskWhen } from './task-when';

const now = Date.parse('2026-01-01T12:00:00.000Z');
const task: Task = {
  id: '6f1c2d1e-0000-4000-8000-000000000001',
  type: 'diagnostic.sleep',
  payload: { ms: 10 },
  status: 'scheduled',
  runAt: '2026-01-01T12:00:05.000Z',
  attempts: 0,
  maxAttempts: 3,
  result: null,
  lastError: null,
  createdAt: '2026-01-01T11:59:00.000Z',
  startedAt: null,
  finishedAt: null,
  retryOf: null,
  retriedAs: null,
};

describe('taskWhen', () => {
  it('says when a scheduled task runs, and when a cancelled one stopped, never a future run', () => {
    expect(taskWhen(task, now)).toEqual({ text: 'runs in 5 s', iso: task.runAt });
    expect(
      taskWhen({ ...task, status: 'cancelled', finishedAt: '2026-01-01T11:58:00.000Z' }, now),
    ).toEqual({ text: 'cancelled 2 min ago', iso: '2026-01-01T11:58:00.000Z' });
  });

  it('says when a running task started and when a finished one finished', () => {
    expect(
      taskWhen({ ...task, status: 'running', startedAt: '2026-01-01T11:59:57.000Z' }, now).text,
    ).toBe('started 3 s ago');
    expect(
      taskWhen({ ...task, status: 'succeeded', finishedAt: '2026-01-01T11:59:59.000Z' }, now).text,
    ).toBe('succeeded 1 s ago');
  });
});
