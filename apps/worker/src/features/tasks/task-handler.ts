import type { TaskOutcome, TaskPayload, TaskType } from '@profile/profile-domain';
import type { Logger } from 'pino';

export interface TaskContext {
  /** The task's attempt, 1-based, from the message envelope. */
  attempt: number;
  /** Aborted when shutdown stops waiting: the handler gives up and the message is requeued. */
  signal: AbortSignal;
  /** Carries the message, correlation and task ids. */
  log: Logger;
}

export type TaskResult = TaskOutcome['result'];

/** Runs one task type. Throwing fails the attempt, with the error's message as the task's error. */
export interface TaskHandler<T extends TaskType = TaskType> {
  readonly type: T;
  run(payload: TaskPayload<T>, context: TaskContext): Promise<TaskResult>;
}
