import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { derivedMessageId } from '@profile/messaging';
import { TASK_OUTCOME, taskTimeLimitsMs, type TaskResultMessage } from '@profile/profile-domain';
import { DataSource } from 'typeorm';
import { API_ENVIRONMENT, ApiEnvironment } from '../../platform/config/api-environment';
import { RepeatingJob } from '../../platform/scheduling/repeating-job';
import { TaskResultsService } from './task-results.service';
import { OverdueTask, TasksRepository } from './tasks.repository';

/** The most overdue tasks one run settles; the next run takes the rest. */
const BATCH = 500;

/**
 * Every TASK_RECONCILE_INTERVAL_MS, settles the tasks whose current attempt was lost: queued and
 * not started within TASK_START_TIMEOUT_MS (the message went astray, or was dead-lettered), or
 * running without an outcome past the type's time limit and TASK_RESULT_GRACE_MS (the worker
 * died, or its outcome was lost). Each such attempt counts as failed, with the reason as its
 * error, through the same path as the worker's outcomes: the next attempt is scheduled, or the task
 * fails after its last one. An outcome that arrives later is then stale and changes nothing.
 *
 * One replica reconciles at a time (a PostgreSQL advisory lock, held for the run); the lost
 * attempts' outcome ids derive from the attempt, so two runs that overlap apply each once.
 */
@Injectable()
export class TaskReconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TaskReconciler.name);
  private readonly job: RepeatingJob;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TasksRepository,
    private readonly results: TaskResultsService,
    @Inject(API_ENVIRONMENT) private readonly environment: ApiEnvironment,
  ) {
    this.job = new RepeatingJob('task reconciliation', environment.TASK_RECONCILE_INTERVAL_MS, () =>
      this.reconcile().then(() => undefined),
    );
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  /** Settles the overdue tasks, unless another replica is at it; answers how many it settled. */
  async reconcile(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }]: Array<{ locked: boolean }> = await runner.query(
        `SELECT pg_try_advisory_lock(hashtext('task-reconciler')) AS locked`,
      );
      if (!locked) return 0;
      try {
        const overdue = await this.tasks.overdue(runner.manager, {
          startTimeoutMs: this.environment.TASK_START_TIMEOUT_MS,
          timeLimitsMs: taskTimeLimitsMs,
          graceMs: this.environment.TASK_RESULT_GRACE_MS,
          limit: BATCH,
        });
        await Promise.all(overdue.map((task) => this.results.apply(this.lostAttempt(task))));
        for (const task of overdue) {
          this.logger.warn(
            { taskId: task.id, correlationId: task.correlationId, status: task.status },
            'attempt overdue: counted as failed',
          );
        }
        return overdue.length;
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext('task-reconciler'))`);
      }
    } finally {
      await runner.release();
    }
  }

  /** The failed outcome that stands for the task's lost current attempt. */
  private lostAttempt(task: OverdueTask): TaskResultMessage {
    const now = new Date(task.now).toISOString();
    const running = task.status === 'running' && task.startedAt !== null;
    const attempt = running ? task.attempts : task.attempts + 1;
    const error = running
      ? `no result within ${seconds(taskTimeLimitsMs[task.type] + this.environment.TASK_RESULT_GRACE_MS)} s`
      : `not started within ${seconds(this.environment.TASK_START_TIMEOUT_MS)} s`;
    return {
      id: derivedMessageId(task.id, `attempt-${attempt}-overdue`),
      correlationId: task.correlationId,
      type: TASK_OUTCOME,
      attempt,
      occurredAt: now,
      payload: {
        taskId: task.id,
        attempt,
        outcome: 'failed',
        error,
        // An attempt that never started is recorded as one that ended as it began.
        startedAt: running ? new Date(task.startedAt as Date).toISOString() : now,
        finishedAt: now,
      },
    };
  }
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}
