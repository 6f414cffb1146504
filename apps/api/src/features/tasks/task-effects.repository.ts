import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The outside effects task handlers have had, each recorded once per task. */
@Injectable()
export class TaskEffectsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records the task's effect unless it was recorded before; answers whether this call recorded
   * it, or null when no task has the id.
   */
  async recordFirst(taskId: string, effect: string): Promise<boolean | null> {
    const [row]: Array<{ task_exists: boolean; first_time: boolean }> = await this.dataSource.query(
      `WITH recorded AS (
           INSERT INTO task_effects (task_id, effect)
           SELECT id, $2 FROM tasks WHERE id = $1
           ON CONFLICT DO NOTHING
           RETURNING 1)
         SELECT EXISTS (SELECT 1 FROM tasks WHERE id = $1) AS task_exists,
                EXISTS (SELECT 1 FROM recorded) AS first_time`,
      [taskId, effect],
    );
    return row.task_exists ? row.first_time : null;
  }
}
