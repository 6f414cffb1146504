import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TaskStatus, TaskType } from '@profile/profile-domain';
import { DataSource, EntityManager } from 'typeorm';
import { entityFromRow } from '../../platform/database/entity-from-row';
import { deleteOlderThan, SqlWrite } from '../../platform/database/sql-write';
import type { KeysetCursor } from '../../platform/pagination/keyset-cursor';
import { TaskEntity } from './task.entity';

export interface TaskListQuery {
  limit: number;
  after?: KeysetCursor;
  status?: TaskStatus;
  type?: TaskType;
}

/** A delivery of a task attempt's message claiming the attempt. */
export interface AttemptClaim {
  taskId: string;
  attempt: number;
  deliveryId: string;
}

/** Which tasks a claim starts: one waiting for the attempt, or one running it (a takeover). */
const CLAIMABLE = {
  waiting: `t.status IN ('scheduled', 'queued') AND t.attempts = c.attempt - 1`,
  running: `t.status = 'running' AND t.attempts = c.attempt`,
} as const;

export interface OverdueQuery {
  startTimeoutMs: number;
  timeLimitsMs: Readonly<Record<TaskType, number>>;
  graceMs: number;
  limit: number;
}

/** A task whose current attempt is overdue, and the database's time when it was found. */
export interface OverdueTask {
  id: string;
  type: TaskType;
  status: 'queued' | 'running';
  attempts: number;
  startedAt: Date | null;
  correlationId: string;
  now: Date;
}

/** Which scheduled tasks to cancel: one task, or every pending one of a profile. */
export type CancelTarget = { taskId: string } | { profileId: string };

/** Tasks in PostgreSQL. Writes take the caller's EntityManager so they join its transaction. */
@Injectable()
export class TasksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The INSERT of new tasks, for the scheduler to write with their first attempts' messages. */
  inserting(tasks: readonly TaskEntity[]): SqlWrite {
    const rows = tasks.map((task) => ({
      id: task.id,
      type: task.type,
      payload: task.payload,
      status: task.status,
      run_at: task.runAt.toISOString(),
      max_attempts: task.maxAttempts,
      profile_id: task.profileId,
      correlation_id: task.correlationId,
      created_at: task.createdAt.toISOString(),
      retry_of: task.retryOf,
    }));
    return {
      sql: (first) =>
        `INSERT INTO tasks (id, type, payload, status, run_at, max_attempts, profile_id,
                            correlation_id, created_at, retry_of)
         SELECT id, type, payload, status, run_at, max_attempts, profile_id, correlation_id,
                created_at, retry_of
         FROM jsonb_to_recordset($${first}::jsonb) AS t(
           id uuid, type varchar, payload jsonb, status varchar, run_at timestamptz,
           max_attempts int, profile_id uuid, correlation_id varchar, created_at timestamptz,
           retry_of uuid)`,
      params: [JSON.stringify(rows)],
    };
  }

  findById(id: string): Promise<TaskEntity | null> {
    return this.dataSource.manager.findOneBy(TaskEntity, { id });
  }

  /** The task, locked until the transaction ends, or null. */
  lockById(manager: EntityManager, id: string): Promise<TaskEntity | null> {
    return manager
      .createQueryBuilder(TaskEntity, 'task')
      .setLock('pessimistic_write')
      .where('task.id = :id', { id })
      .getOne();
  }

  /**
   * Starts the claimed attempts of the tasks that are `from` (waiting for it, or running it), for
   * the worker `workerId`, in one statement: each such task running since `startedAt`, and its
   * attempt recorded as claimed by the delivery (replacing the claim of an earlier one). At most
   * one claim per task. Answers the tasks started, by id.
   */
  async startClaimed(
    manager: EntityManager,
    claims: readonly AttemptClaim[],
    { workerId, startedAt }: { workerId: string; startedAt: Date },
    from: keyof typeof CLAIMABLE,
  ): Promise<Map<string, TaskEntity>> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `WITH c AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS c(task_id uuid, attempt int, delivery_id uuid)),
       -- Locked in id order, so that claims of overlapping tasks wait for each other in one order.
       locked AS (
         SELECT t.id FROM tasks t JOIN c ON c.task_id = t.id
         WHERE ${CLAIMABLE[from]}
         ORDER BY t.id FOR UPDATE OF t),
       started AS (
         UPDATE tasks t SET status = 'running', attempts = c.attempt, started_at = $2
         FROM c WHERE t.id = c.task_id AND t.id IN (SELECT id FROM locked) AND ${CLAIMABLE[from]}
         RETURNING t.*, c.delivery_id AS claimed_by),
       claimed AS (
         INSERT INTO task_attempts
           (task_id, attempt, due_at, started_at, claimed_by, claimed_by_worker)
         SELECT id, attempts, run_at, started_at, claimed_by, $3 FROM started
         ON CONFLICT (task_id, attempt) DO UPDATE SET
           started_at = EXCLUDED.started_at,
           claimed_by = EXCLUDED.claimed_by,
           claimed_by_worker = EXCLUDED.claimed_by_worker)
       SELECT * FROM started`,
      [
        JSON.stringify(
          claims.map(({ taskId, attempt, deliveryId }) => ({
            task_id: taskId,
            attempt,
            delivery_id: deliveryId,
          })),
        ),
        startedAt.toISOString(),
        workerId,
      ],
    );
    return new Map(rows.map((row) => [String(row['id']), entityFromRow(manager, TaskEntity, row)]));
  }

  /** The retries of those of `ids` that were retried: original id → the retry's id. */
  async retriesOf(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; retry_of: string }> = await manager.query(
      `SELECT id, retry_of FROM tasks WHERE retry_of = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.retry_of, row.id]));
  }

  /** Moves a scheduled task's next attempt to `runAt`; answers it, or null if not scheduled. */
  async reschedule(manager: EntityManager, id: string, runAt: Date): Promise<TaskEntity | null> {
    const [rows]: [Array<{ id: string }>, number] = await manager.query(
      `UPDATE tasks SET run_at = $2 WHERE id = $1 AND status = 'scheduled' RETURNING id`,
      [id, runAt.toISOString()],
    );
    return rows.length === 0 ? null : manager.findOneBy(TaskEntity, { id });
  }

  /**
   * The tasks that exist of `ids`, by id, locked until the transaction ends. Locked in id order,
   * so that transactions locking overlapping sets cannot deadlock.
   */
  async lockMany(manager: EntityManager, ids: readonly string[]): Promise<Map<string, TaskEntity>> {
    if (ids.length === 0) return new Map();
    const tasks = await manager
      .createQueryBuilder(TaskEntity, 'task')
      .setLock('pessimistic_write')
      .where('task.id IN (:...ids)', { ids })
      .orderBy('task.id')
      .getMany();
    return new Map(tasks.map((task) => [task.id, task]));
  }

  /** Writes the fields that results change, in one statement (the rows are locked by the caller). */
  async updateProgress(manager: EntityManager, tasks: readonly TaskEntity[]): Promise<void> {
    if (tasks.length === 0) return;
    const rows = tasks.map((task) => ({
      id: task.id,
      status: task.status,
      run_at: task.runAt.toISOString(),
      attempts: task.attempts,
      result: task.result,
      last_error: task.lastError,
      started_at: task.startedAt?.toISOString() ?? null,
      finished_at: task.finishedAt?.toISOString() ?? null,
    }));
    await manager.query(
      `UPDATE tasks SET status = u.status, run_at = u.run_at, attempts = u.attempts,
         result = u.result, last_error = u.last_error, started_at = u.started_at,
         finished_at = u.finished_at
       FROM jsonb_to_recordset($1::jsonb) AS u(
         id uuid, status varchar, run_at timestamptz, attempts int, result jsonb,
         last_error varchar, started_at timestamptz, finished_at timestamptz)
       WHERE tasks.id = u.id`,
      [JSON.stringify(rows)],
    );
  }

  /** How many tasks there are of each type in each status (only the pairs that have any). */
  countByTypeAndStatus(): Promise<Array<{ type: TaskType; status: TaskStatus; count: number }>> {
    return this.dataSource.query(
      `SELECT type, status, count(*)::int AS count FROM tasks GROUP BY type, status`,
    );
  }

  /** Newest first by (createdAt, id), `limit` rows after the cursor. */
  list({ limit, after, status, type }: TaskListQuery): Promise<TaskEntity[]> {
    const query = this.dataSource
      .createQueryBuilder(TaskEntity, 'task')
      .orderBy('task.createdAt', 'DESC')
      .addOrderBy('task.id', 'DESC')
      .limit(limit);
    if (after) query.andWhere('(task.createdAt, task.id) < (:createdAt, :id)', after);
    if (status) query.andWhere('task.status = :status', { status });
    if (type) query.andWhere('task.type = :type', { type });
    return query.getMany();
  }

  /** The scheduled tasks of `target`: the attempt each waits for is `attempts + 1`. */
  async scheduled(manager: EntityManager, target: CancelTarget): Promise<TaskEntity[]> {
    return manager.findBy(
      TaskEntity,
      'taskId' in target
        ? { id: target.taskId, status: 'scheduled' }
        : { profileId: target.profileId, status: 'scheduled' },
    );
  }

  /** Cancels those of `ids` that are still scheduled; answers them as they are now. */
  async cancel(manager: EntityManager, ids: readonly string[], now: Date): Promise<TaskEntity[]> {
    if (ids.length === 0) return [];
    const [rows]: [Array<{ id: string }>, number] = await manager.query(
      `UPDATE tasks SET status = 'cancelled', finished_at = $2
       WHERE id = ANY($1::uuid[]) AND status = 'scheduled'
       RETURNING id`,
      [ids, now.toISOString()],
    );
    if (rows.length === 0) return [];
    return manager.findBy(
      TaskEntity,
      rows.map(({ id }) => ({ id })),
    );
  }

  /**
   * A task whose attempt went out is now queued. The worker may have reported on that attempt
   * already (a task can fail and be rescheduled before this runs), so only a task still waiting
   * for exactly that attempt moves.
   */
  async markQueued(
    manager: EntityManager,
    attempts: ReadonlyArray<{ taskId: string; attempt: number }>,
  ): Promise<void> {
    if (attempts.length === 0) return;
    await manager.query(
      `UPDATE tasks SET status = 'queued', queued_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS sent(task_id uuid, attempt int)
       WHERE tasks.id = sent.task_id AND tasks.status = 'scheduled'
         AND tasks.attempts + 1 = sent.attempt`,
      [JSON.stringify(attempts.map(({ taskId, attempt }) => ({ task_id: taskId, attempt })))],
    );
  }

  /**
   * Up to `limit` tasks whose current attempt is overdue: queued for longer than `startTimeoutMs`
   * without starting, or running for longer than their type's time limit and `graceMs` without an
   * outcome. Measured with the database's clock, which stamped `queued_at`.
   */
  overdue(
    manager: EntityManager,
    { startTimeoutMs, timeLimitsMs, graceMs, limit }: OverdueQuery,
  ): Promise<OverdueTask[]> {
    return manager.query(
      `SELECT id, type, status, attempts, started_at AS "startedAt",
              correlation_id AS "correlationId", now() AS "now"
       FROM tasks
       WHERE (status = 'queued'
              AND COALESCE(queued_at, run_at) < now() - $1 * interval '1 millisecond')
          OR (status = 'running'
              AND started_at < now() - (($2::jsonb ->> type)::bigint + $3) * interval '1 millisecond')
       ORDER BY id
       LIMIT $4`,
      [startTimeoutMs, JSON.stringify(timeLimitsMs), graceMs, limit],
    );
  }

  /** Deletes tasks finished before `before` (with their idempotency keys); answers how many. */
  pruneFinished(before: Date): Promise<number> {
    return deleteOlderThan(
      this.dataSource.manager,
      { table: 'tasks', key: 'id', time: 'finished_at' },
      before,
    );
  }
}
