import {
  TASK_STARTED,
  taskRetryDelayMs,
  type BackoffOptions,
  type TaskOutcome,
  type TaskResultMessage,
  type TaskStarted,
} from '@profile/profile-domain';
import type { OutboxMessage } from '../../platform/outbox/outbox-message';
import { taskAttemptMessage } from './task-attempt-message';
import type { TaskEntity } from './task.entity';

export type Progress =
  /** The task moved; `retry` is the next attempt's message when a failure left attempts. */
  | { applied: true; retry?: OutboxMessage }
  /** The message is about an attempt the task has moved past (or not reached): nothing changes. */
  | { applied: false };

/**
 * Moves a task by one result message from the worker, in place. Messages may come twice or out of
 * order: an outcome may overtake its started message (it then stands for both), and a redelivered
 * task repeats both. Each applies only to the attempt the task is on.
 */
export function progress(
  task: TaskEntity,
  message: TaskResultMessage,
  backoff: BackoffOptions,
  now: Date,
): Progress {
  return message.type === TASK_STARTED
    ? started(task, message.payload)
    : finished(task, message.payload, backoff, now);
}

function started(task: TaskEntity, { attempt, startedAt }: TaskStarted): Progress {
  if (!isWaitingFor(task, attempt)) return { applied: false };
  task.status = 'running';
  task.attempts = attempt;
  task.startedAt = new Date(startedAt);
  return { applied: true };
}

function finished(
  task: TaskEntity,
  outcome: TaskOutcome,
  backoff: BackoffOptions,
  now: Date,
): Progress {
  const current = task.status === 'running' && task.attempts === outcome.attempt;
  if (!current && !isWaitingFor(task, outcome.attempt)) return { applied: false };
  task.attempts = outcome.attempt;
  task.startedAt = new Date(outcome.startedAt);
  if (outcome.outcome === 'succeeded') {
    task.status = 'succeeded';
    task.result = outcome.result ?? null;
    task.finishedAt = new Date(outcome.finishedAt);
    return { applied: true };
  }
  task.lastError = outcome.error ?? null;
  if (outcome.attempt >= task.maxAttempts) {
    task.status = 'failed';
    task.finishedAt = new Date(outcome.finishedAt);
    return { applied: true };
  }
  task.status = 'scheduled';
  task.runAt = new Date(now.getTime() + taskRetryDelayMs(outcome.attempt, backoff));
  return { applied: true, retry: taskAttemptMessage(task, outcome.attempt + 1, now) };
}

/** Whether `attempt` is the one the task waits to hear of: its next, sent or about to be. */
export function isWaitingFor(task: TaskEntity, attempt: number): boolean {
  return (task.status === 'scheduled' || task.status === 'queued') && attempt === task.attempts + 1;
}
