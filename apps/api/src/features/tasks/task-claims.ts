import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TaskClaimResult } from '@profile/api-contract';
import { DataSource } from 'typeorm';
import { API_ENVIRONMENT, ApiEnvironment } from '../../platform/config/api-environment';
import { TaskAttemptsRepository } from './task-attempts.repository';
import { isWaitingFor } from './task-progress';
import type { TaskEntity } from './task.entity';
import { AttemptClaim, TasksRepository } from './tasks.repository';

/** What became of one claim: the task it started, or why it was not claimed. */
export type ClaimDecision =
  | { status: 'claimed'; task: TaskEntity }
  | { status: 'held'; detail: string; retryAfterMs: number }
  | { status: 'not-claimable' | 'not-found'; detail: string };

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
   * Claims each attempt for its delivery in worker `workerId`, recording it as started (the task is
   * then running); the same delivery claiming again gets it again. Answers a decision per claim,
   * in order.
   */
  async claimAll(workerId: string, claims: readonly AttemptClaim[]): Promise<ClaimDecision[]> {
    const context = { workerId, startedAt: new Date() };
    // The usual case, tasks waiting for the attempt, in one statement; the first claim of a task
    // only, so that a second delivery in the same batch finds the attempt held.
    const firstOfTask = new Map<string, AttemptClaim>();
    for (const claim of claims)
      if (!firstOfTask.has(claim.taskId)) firstOfTask.set(claim.taskId, claim);
    const started = await this.tasks.startClaimed(
      this.dataSource.manager,
      [...firstOfTask.values()],
      context,
      'waiting',
    );
    const decisions: ClaimDecision[] = [];
    for (const claim of claims) {
      const task = started.get(claim.taskId);
      decisions.push(
        task && firstOfTask.get(claim.taskId) === claim
          ? { status: 'claimed', task }
          : await this.claimLocked(claim, context),
      );
    }
    return decisions;
  }

  /** A claim the usual case did not start, decided with its task locked. */
  private claimLocked(
    claim: AttemptClaim,
    context: { workerId: string; startedAt: Date },
  ): Promise<ClaimDecision> {
    const { taskId, attempt, deliveryId } = claim;
    return this.dataSource.transaction(async (manager): Promise<ClaimDecision> => {
      const task = await this.tasks.lockById(manager, taskId);
      if (!task) return { status: 'not-found', detail: `No task has the id ${taskId}.` };
      if (!isWaitingFor(task, attempt)) {
        if (task.status !== 'running' || task.attempts !== attempt) {
          return { status: 'not-claimable', detail: whyNot(task, attempt) };
        }
        const leaseMs = this.environment.WORKER_LEASE_MS;
        const holder = await this.attempts.holderOf(manager, taskId, attempt, leaseMs);
        if (holder?.deliveryId === deliveryId) return { status: 'claimed', task };
        if (holder && holder.leaseLeftMs > 0) return held(task, attempt, holder.leaseLeftMs);
      }
      const from = task.status === 'running' ? 'running' : 'waiting';
      const started = await this.tasks.startClaimed(manager, [claim], context, from);
      // Locked as read above, the task is in the state the statement starts it from.
      const startedTask = started.get(taskId);
      if (!startedTask) throw new Error(`task ${taskId} changed while it was locked`);
      return { status: 'claimed', task: startedTask };
    });
  }
}

/** A decision as `POST /api/v1/task-claims` answers it, for `claim`. */
export function toClaimResult(claim: AttemptClaim, decision: ClaimDecision): TaskClaimResult {
  return {
    ...claim,
    status: decision.status,
    detail: decision.status === 'claimed' ? null : decision.detail,
    retryAfterMs: decision.status === 'held' ? decision.retryAfterMs : null,
  };
}

function held(task: TaskEntity, attempt: number, leaseLeftMs: number): ClaimDecision {
  return {
    status: 'held',
    detail:
      `Attempt ${attempt} of task ${task.id} is held by another delivery whose worker's lease ` +
      `runs for ${Math.ceil(leaseLeftMs / 1000)} s more; once it expires, it can be taken over.`,
    retryAfterMs: Math.ceil(leaseLeftMs),
  };
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
