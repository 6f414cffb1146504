import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TaskEntity } from './task.entity';

/**
 * An outside effect a task's handler has had (a welcome sent), recorded before it happens, so that
 * an attempt run again, or another attempt of the task, does not have it twice. It goes with its
 * task.
 */
@Entity({ name: 'task_effects' })
export class TaskEffectEntity {
  @PrimaryColumn({ name: 'task_id', type: 'uuid', primaryKeyConstraintName: 'task_effects_pkey' })
  taskId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'task_effects_pkey' })
  effect!: string;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'task_effects_task_id_fkey' })
  task?: TaskEntity;

  @Column({
    name: 'recorded_at',
    type: 'timestamptz',
    precision: 3,
    default: () => 'CURRENT_TIMESTAMP(3)',
  })
  recordedAt!: Date;
}
