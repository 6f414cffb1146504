import { Inject, Injectable } from '@nestjs/common';
import type { TaskClaim } from '@profile/api-contract';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Task } from '@profile/profile-domain';
import { DataSource } from 'typeorm';
import { API_ENVIRONMENT, ApiEnvironment } from '../../platform/config/api-environment';
import { ApiError } from '../../platform/problems/api-error';
import { TaskAttemptsRepository } from './task-attempts.repository';
import { isWaitingFor } from './task-progress';
import { toTask } from './task-representation';
import type { TaskEntity } from './task.entity';
import { TasksRepository } from './tasks.repository';

/**
 * Gives each attempt of a task to one delivery of its message: the worker claims the attempt
 * before it runs the handler, and a redelivered or republished message, or one of an attempt the
 * task has moved past, finds it taken and is not run. So a handler runs once per attempt while its
 * worker lives. A worker renews a lease while it lives (see WorkerLeasesRepository); once the lease
 * of the worker holding an attempt has expired (it was killed, or shut down), the next delivery of
 * the attempt's message takes it over and runs it again. An attempt whose message never comes back
 * is settled by the TaskReconciler.
 */
@Injectable()
export class TaskClaims {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TasksRepository,
    private readonly attempts: TaskAttemptsRepository,
    @Inject(API_ENVIRONMENT) private readonly environment: ApiEnvironment,
  ) {}

  /**
   * Claims the attempt for the delivery `deliveryId` of worker `workerId` and records it as
   * started (the task is then running); the same delivery claiming again gets it again. Answers
   * the task as it is now.
   */
  async claim(taskId: string, attempt: number, { deliveryId, workerId }: TaskClaim): Promise<Task> {
    const claim = { taskId, attempt, deliveryId, workerId, startedAt: new Date() };
    // The usual case, a task waiting for the attempt, in one statement.
    const started = await this.tasks.startClaimed(this.dataSource.manager, claim, 'waiting');
    if (started) return toTask(started);
    return this.dataSource.transaction(async (manager) => {
      const task = await this.tasks.lockById(manager, taskId);
      if (!task) throw new ApiError('not-found', `No task has the id ${taskId}.`);
      if (!isWaitingFor(task, attempt)) {
        if (task.status !== 'running' || task.attempts !== attempt) {
          throw notClaimable(whyNot(task, attempt));
        }
        const leaseMs = this.environment.WORKER_LEASE_MS;
        const holder = await this.attempts.holderOf(manager, taskId, attempt, leaseMs);
        if (holder?.deliveryId === deliveryId) return toTask(task);
        if (holder && holder.leaseLeftMs > 0) throw held(task, attempt, holder.leaseLeftMs);
      }
      const from = task.status === 'running' ? 'running' : 'waiting';
      const started = await this.tasks.startClaimed(manager, claim, from);
      // Locked as read above, the task is in the state the statement starts it from.
      if (!started) throw new Error(`task ${taskId} changed while it was locked`);
      return toTask(started);
    });
  }
}

function held(task: TaskEntity, attempt: number, leaseLeftMs: number): ApiError {
  return new ApiError(
    'attempt-held',
    `Attempt ${attempt} of task ${task.id} is held by another delivery whose worker's lease ` +
      `runs for ${Math.ceil(leaseLeftMs / 1000)} s more; once it expires, it can be taken over.`,
    [],
    Math.ceil(leaseLeftMs / 1000),
  );
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
