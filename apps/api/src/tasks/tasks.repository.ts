import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TaskStatus, TaskType } from '@profile/profile-domain';
import { DataSource, EntityManager, In } from 'typeorm';
import type { KeysetCursor } from '../pagination/keyset-cursor';
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

  async insert(manager: EntityManager, tasks: TaskEntity[]): Promise<void> {
    await manager.insert(TaskEntity, tasks);
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

  /** Writes the fields that results change (the row is locked by the caller). */
  async updateProgress(manager: EntityManager, task: TaskEntity): Promise<void> {
    const { status, runAt, attempts, result, lastError, startedAt, finishedAt } = task;
    await manager.update(
      TaskEntity,
      { id: task.id },
      {
        status,
        runAt,
        attempts,
        result: result as object | null,
        lastError,
        startedAt,
        finishedAt,
      },
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
