import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TaskStatus, TaskType } from '@profile/profile-domain';
import { DataSource, EntityManager, In } from 'typeorm';
import type { SqlInsert } from '../../platform/outbox/outbox.repository';
import type { KeysetCursor } from '../../platform/pagination/keyset-cursor';
import { TaskEntity } from './task.entity';

export interface TaskListQuery {
  limit: number;
  after?: KeysetCursor;
  status?: TaskStatus;
  type?: TaskType;
}

/** Which scheduled tasks to cancel: one task, or every pending one of a profile. */
export type CancelTarget = { taskId: string } | { profileId: string };

/** Tasks in PostgreSQL. Writes take the caller's EntityManager so they join its transaction. */
@Injectable()
export class TasksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The INSERT of new tasks, for OutboxRepository.add to run with their first attempts. */
  insertion(tasks: readonly TaskEntity[]): SqlInsert {
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
    }));
    return {
      sql: (first) =>
        `INSERT INTO tasks (id, type, payload, status, run_at, max_attempts, profile_id,
                            correlation_id, created_at)
         SELECT id, type, payload, status, run_at, max_attempts, profile_id, correlation_id, created_at
         FROM jsonb_to_recordset($${first}::jsonb) AS t(
           id uuid, type varchar, payload jsonb, status varchar, run_at timestamptz,
           max_attempts int, profile_id uuid, correlation_id varchar, created_at timestamptz)
         RETURNING 1`,
      params: [JSON.stringify(rows)],
    };
  }

  findById(id: string): Promise<TaskEntity | null> {
    return this.dataSource.manager.findOneBy(TaskEntity, { id });
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

  /**
   * Cancels scheduled tasks by removing their unsent attempt message, in one statement. A message
   * a relay has claimed (it is being published) is skipped, not waited for: that task is already
   * on its way to the worker and stays as it is. Answers the tasks it cancelled.
   */
  async cancelScheduled(
    manager: EntityManager,
    target: CancelTarget,
    now: Date,
  ): Promise<TaskEntity[]> {
    const [column, id] =
      'taskId' in target ? ['id', target.taskId] : ['profile_id', target.profileId];
    const [rows]: [Array<{ id: string }>, number] = await manager.query(
      `WITH cancellable AS (
         SELECT outbox.id AS outbox_id, outbox.task_id
         FROM outbox JOIN tasks ON tasks.id = outbox.task_id
         WHERE tasks.${column} = $1 AND tasks.status = 'scheduled' AND outbox.sent_at IS NULL
           AND (outbox.claimed_until IS NULL OR outbox.claimed_until < $2)
         FOR UPDATE OF outbox SKIP LOCKED
       ), removed AS (
         DELETE FROM outbox WHERE id IN (SELECT outbox_id FROM cancellable) RETURNING task_id
       )
       UPDATE tasks SET status = 'cancelled', finished_at = $2
       WHERE id IN (SELECT task_id FROM removed) AND status = 'scheduled'
       RETURNING id`,
      [id, now.toISOString()],
    );
    if (rows.length === 0) return [];
    return manager.findBy(TaskEntity, { id: In(rows.map((row) => row.id)) });
  }
}
