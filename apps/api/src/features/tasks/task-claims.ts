import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Task } from '@profile/profile-domain';
import { DataSource } from 'typeorm';
import { ApiError } from '../../platform/problems/api-error';
import { TaskAttemptsRepository } from './task-attempts.repository';
import { isWaitingFor } from './task-progress';
import { toTask } from './task-representation';
import type { TaskEntity } from './task.entity';
import { TasksRepository } from './tasks.repository';

/**
 * Gives each attempt of a task to one delivery of its message: the worker claims the attempt
 * before it runs the handler, and a redelivered or republished message, or one of an attempt the
 * task has moved past, finds it taken and is skipped. So a handler runs at most once per attempt;
 * an attempt whose worker died with it is settled by the TaskReconciler.
 */
@Injectable()
export class TaskClaims {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TasksRepository,
    private readonly attempts: TaskAttemptsRepository,
  ) {}

  /**
   * Claims the attempt for the delivery `deliveryId` and records it as started (the task is then
   * running); the same delivery claiming again gets it again. Answers the task as it is now.
   */
  claim(taskId: string, attempt: number, deliveryId: string): Promise<Task> {
    return this.dataSource.transaction(async (manager) => {
      const task = await this.tasks.lockById(manager, taskId);
      if (!task) throw new ApiError('not-found', `No task has the id ${taskId}.`);
      if (task.status === 'running' && task.attempts === attempt) {
        if ((await this.attempts.claimOf(manager, taskId, attempt)) === deliveryId) {
          return toTask(task);
        }
        throw notClaimable(`Attempt ${attempt} of task ${taskId} is held by another delivery.`);
      }
      if (!isWaitingFor(task, attempt)) throw notClaimable(whyNot(task, attempt));
      const dueAt = task.runAt;
      task.status = 'running';
      task.attempts = attempt;
      task.startedAt = new Date();
      await this.tasks.updateProgress(manager, [task]);
      await this.attempts.recordClaim(manager, {
        taskId,
        attempt,
        dueAt,
        startedAt: task.startedAt,
        claimedBy: deliveryId,
      });
      return toTask(task);
    });
  }
}

function whyNot(task: TaskEntity, attempt: number): string {
  const subject = `Attempt ${attempt} of task ${task.id}`;
  if (['succeeded', 'failed', 'cancelled'].includes(task.status)) {
    return `${subject} cannot run: the task is ${task.status}.`;
  }
  const current = task.status === 'running' ? task.attempts : task.attempts + 1;
  return attempt < current
    ? `${subject} was superseded: the task is on attempt ${current}.`
    : `${subject} is not due: the task is on attempt ${current}.`;
}

function notClaimable(detail: string): ApiError {
  return new ApiError('attempt-not-claimable', detail);
}
