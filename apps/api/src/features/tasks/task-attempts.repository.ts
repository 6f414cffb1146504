import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TaskAttemptEntity } from './task-attempt.entity';
import type { AttemptRecord } from './task-attempts';

/** The delivery holding a claimed attempt, and how long its worker's lease still runs. */
export interface AttemptHolder {
  deliveryId: string;
  leaseLeftMs: number;
}

export interface AttemptMinutes {
  finished: Array<{ minute: number; outcome: 'succeeded' | 'failed'; count: number }>;
  lateness: Array<{ minute: number; p50: number; p99: number }>;
}

/** The attempts of tasks, written only as results are applied. */
@Injectable()
export class TaskAttemptsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Writes what applied results say of their attempts, in the caller's transaction and one
   * statement: a started attempt is inserted, an outcome fills in its end (and its start as the
   * worker saw it). At most one record per
   * attempt (see attemptRecords).
   */
  async record(manager: EntityManager, records: readonly AttemptRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = [...records]
      .sort((a, b) => a.taskId.localeCompare(b.taskId) || a.attempt - b.attempt)
      .map((record) => ({
        task_id: record.taskId,
        attempt: record.attempt,
        due_at: record.dueAt.toISOString(),
        started_at: record.startedAt.toISOString(),
        finished_at: record.finishedAt?.toISOString() ?? null,
        outcome: record.outcome,
        error: record.error,
      }));
    await manager.query(
      `INSERT INTO task_attempts (task_id, attempt, due_at, started_at, finished_at, outcome, error)
       SELECT task_id, attempt, due_at, started_at, finished_at, outcome, error
       FROM jsonb_to_recordset($1::jsonb) AS a(
         task_id uuid, attempt int, due_at timestamptz, started_at timestamptz,
         finished_at timestamptz, outcome varchar, error varchar)
       ON CONFLICT (task_id, attempt) DO UPDATE SET
         -- An outcome's start (the worker's clock, as the task's startedAt) replaces the claim's.
         started_at = CASE WHEN EXCLUDED.outcome IS NULL THEN task_attempts.started_at
                           ELSE EXCLUDED.started_at END,
         finished_at = COALESCE(EXCLUDED.finished_at, task_attempts.finished_at),
         outcome = COALESCE(EXCLUDED.outcome, task_attempts.outcome),
         error = COALESCE(EXCLUDED.error, task_attempts.error)`,
      [JSON.stringify(rows)],
    );
  }

  /**
   * The delivery that claimed an attempt, and how long its worker's lease has still to run (0 once
   * it expired). A worker with no lease on record holds its claim for `leaseMs` from the claim.
   */
  async holderOf(
    manager: EntityManager,
    taskId: string,
    attempt: number,
    leaseMs: number,
  ): Promise<AttemptHolder | null> {
    const [row]: Array<{ claimed_by: string | null; lease_left_ms: number }> = await manager.query(
      `SELECT a.claimed_by,
              greatest(0, extract(epoch FROM coalesce(
                lease.expires_at, a.started_at + $3 * interval '1 millisecond') - now()) * 1000
              )::float8 AS lease_left_ms
       FROM task_attempts a
       LEFT JOIN worker_leases lease ON lease.worker_id = a.claimed_by_worker
       WHERE a.task_id = $1 AND a.attempt = $2`,
      [taskId, attempt, leaseMs],
    );
    if (!row?.claimed_by) return null;
    return { deliveryId: row.claimed_by, leaseLeftMs: row.lease_left_ms };
  }

  /**
   * Per minute since `since` (each minute as its start in ms since the epoch): attempts that ended,
   * by outcome, and the median and 99th percentile of how late attempts started, in ms.
   */
  async perMinute(since: Date): Promise<AttemptMinutes> {
    const [finished, lateness] = await Promise.all([
      this.dataSource.query(
        `SELECT (floor(extract(epoch FROM finished_at) / 60) * 60000)::float8 AS minute,
                outcome, count(*)::int AS count
         FROM task_attempts WHERE finished_at >= $1
         GROUP BY 1, 2`,
        [since.toISOString()],
      ) as Promise<AttemptMinutes['finished']>,
      this.dataSource.query(
        `SELECT (floor(extract(epoch FROM started_at) / 60) * 60000)::float8 AS minute,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY lateness) AS p50,
                percentile_cont(0.99) WITHIN GROUP (ORDER BY lateness) AS p99
         FROM (SELECT started_at,
                      greatest(0, extract(epoch FROM started_at - due_at) * 1000) AS lateness
               FROM task_attempts WHERE started_at >= $1) AS started
         GROUP BY 1`,
        [since.toISOString()],
      ) as Promise<AttemptMinutes['lateness']>,
    ]);
    return { finished, lateness };
  }

  /** The attempts of a task, oldest first. */
  ofTask(taskId: string): Promise<TaskAttemptEntity[]> {
    return this.dataSource.manager.find(TaskAttemptEntity, {
      where: { taskId },
      order: { attempt: 'ASC' },
    });
  }
}
