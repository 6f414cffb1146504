import type { Task } from '@profile/profile-domain';
import { formatRelative } from './format';

/**
 * The moment that matters for a task as it stands, in words: when a scheduled one runs, when a
 * queued one was due, when a running one started, when a finished one finished (a cancelled task
 * never runs, so it has no "runs in").
 */
export function taskWhen(task: Task, now: number): { text: string; iso: string | null } {
  switch (task.status) {
    case 'scheduled':
      return { text: `runs ${formatRelative(task.runAt, now)}`, iso: task.runAt };
    case 'queued':
      return { text: `due ${formatRelative(task.runAt, now)}`, iso: task.runAt };
    case 'running':
      return { text: `started ${formatRelative(task.startedAt, now)}`, iso: task.startedAt };
    case 'succeeded':
    case 'failed':
    case 'cancelled':
      return {
        text: `${task.status} ${formatRelative(task.finishedAt, now)}`,
        iso: task.finishedAt,
      };
  }
}
