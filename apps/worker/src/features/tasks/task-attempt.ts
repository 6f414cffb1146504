import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AmqpContext } from '@profile/messaging';
import type { TaskOutcome } from '@profile/profile-domain';
import type { Logger } from 'pino';

/** What a task handler knows of the attempt it runs (`@Attempt()`). */
export interface TaskAttempt {
  /** The task's attempt, 1-based, from the message envelope. */
  attempt: number;
  /**
   * Aborted when shutdown stops waiting (the handler gives up and the message is requeued), or when
   * the attempt outlives its type's time limit (it fails).
   */
  signal: AbortSignal;
  /** Carries the message, correlation and task ids. */
  log: Logger;
}

/** Any JSON value a handler answers: the task's result. */
export type TaskResult = TaskOutcome['result'];

/** The attempt of each delivery being handled, set by TaskAttemptInterceptor. */
const attempts = new WeakMap<AmqpContext, TaskAttempt>();

export function beginAttempt(delivery: AmqpContext, attempt: TaskAttempt): void {
  attempts.set(delivery, attempt);
}

/** Injects the TaskAttempt of the delivery a handler runs for. */
export const Attempt = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const attempt = attempts.get(context.switchToRpc().getContext<AmqpContext>());
  if (!attempt) throw new Error('@Attempt() is for task handlers behind TaskAttemptInterceptor');
  return attempt;
});
