import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { Consume, queues } from '@profile/messaging';
import { taskMessageSchema, type TaskMessage, type TaskType } from '@profile/profile-domain';
import { TaskAttemptInterceptor } from './task-attempt.interceptor';

/** The message of a task of type T, as its handler receives it (`@Payload()`). */
export type TaskMessageOf<T extends TaskType> = Extract<TaskMessage, { type: T }>;

/**
 * Makes a controller method the handler of task type `type` (consumed from `tasks.work`): the
 * attempt is reported started before it runs, and its result or error reported as the outcome.
 * Throwing fails the attempt, with the error's message as the task's error.
 */
export function HandlesTask(type: TaskType): MethodDecorator {
  return applyDecorators(
    Consume(queues.taskWork, type, taskMessageSchema),
    UseInterceptors(TaskAttemptInterceptor),
  );
}
