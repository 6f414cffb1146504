import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TaskEntity } from './task.entity';

const timestamp = { type: 'timestamptz', precision: 3 } as const;

/**
 * One attempt of a task, written by the api in the transaction that applies the worker's started
 * or outcome message of that attempt. It goes with its task.
 */
@Entity({ name: 'task_attempts' })
@Check('task_attempts_outcome_check', `"outcome" IN ('succeeded', 'failed')`)
// The charts count attempts per minute of the last hour, by start and by end.
@Index('task_attempts_started_at_idx', ['startedAt'])
@Index('task_attempts_finished_at_idx', ['finishedAt'])
export class TaskAttemptEntity {
  @PrimaryColumn({ name: 'task_id', type: 'uuid', primaryKeyConstraintName: 'task_attempts_pkey' })
  taskId!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'task_attempts_pkey' })
  attempt!: number;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'task_attempts_task_id_fkey' })
  task?: TaskEntity;

  /** When the attempt was due: the task's runAt while it waited for it. */
  @Column({ name: 'due_at', ...timestamp })
  dueAt!: Date;

  @Column({ name: 'started_at', ...timestamp })
  startedAt!: Date;

  @Column({ name: 'finished_at', ...timestamp, nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome!: 'succeeded' | 'failed' | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  error!: string | null;

  /** The delivery of the attempt's message that claimed it (see TaskClaims); null before claims. */
  @Column({ name: 'claimed_by', type: 'uuid', nullable: true })
  claimedBy?: string | null;

  /** The worker process whose delivery claimed it; its lease keeps the attempt its own. */
  @Column({ name: 'claimed_by_worker', type: 'uuid', nullable: true })
  claimedByWorker?: string | null;
}
