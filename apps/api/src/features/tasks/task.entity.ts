import type { TaskStatus, TaskType } from '@profile/profile-domain';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

const timestamp = { type: 'timestamptz', precision: 3 } as const;

/**
 * A task and where it stands. The api alone writes it: on creation, on cancel, and when it
 * applies the worker's started and outcome messages.
 */
@Entity({ name: 'tasks' })
@Check(
  'tasks_status_check',
  `"status" IN ('scheduled', 'queued', 'running', 'succeeded', 'failed', 'cancelled')`,
)
@Check('tasks_attempts_check', `"attempts" >= 0 AND "attempts" <= "max_attempts"`)
// Keyset and partial indexes that TypeORM cannot describe; see the migration.
@Index('tasks_created_at_id_idx', { synchronize: false })
@Index('tasks_status_created_at_id_idx', { synchronize: false })
@Index('tasks_profile_pending_idx', { synchronize: false })
@Index('tasks_finished_at_idx', { synchronize: false })
// A task is retried at most once; the retry itself can be retried in turn.
@Index('tasks_retry_of_key', ['retryOf'], { unique: true })
export class TaskEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'tasks_pkey' })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  type!: TaskType;

  @Column({ type: 'jsonb' })
  payload!: object;

  @Column({ type: 'varchar', length: 16 })
  status!: TaskStatus;

  /** When the current (or next) attempt is due. */
  @Column({ name: 'run_at', ...timestamp })
  runAt!: Date;

  /** Attempts started so far. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'max_attempts', type: 'integer' })
  maxAttempts!: number;

  /** Any JSON value the handler returned. */
  @Column({ type: 'jsonb', nullable: true })
  result!: object | string | number | boolean | null;

  @Column({ name: 'last_error', type: 'varchar', length: 2000, nullable: true })
  lastError!: string | null;

  /** The profile a profile.* task is about, so deleting the profile can cancel it. */
  @Column({ name: 'profile_id', type: 'uuid', nullable: true })
  profileId!: string | null;

  /** The request that created the task; every message of the task carries it. */
  @Column({ name: 'correlation_id', type: 'varchar', length: 128 })
  correlationId!: string;

  @Column({ name: 'created_at', ...timestamp, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;

  @Column({ name: 'started_at', ...timestamp, nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', ...timestamp, nullable: true })
  finishedAt!: Date | null;

  /** When the current attempt went out to the worker (set in SQL as it is sent; see TaskReconciler). */
  @Column({ name: 'queued_at', ...timestamp, nullable: true })
  queuedAt?: Date | null;

  /** The failed or cancelled task this one runs again; null once that task is pruned. */
  @Column({ name: 'retry_of', type: 'uuid', nullable: true })
  retryOf!: string | null;

  @ManyToOne(() => TaskEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'retry_of', foreignKeyConstraintName: 'tasks_retry_of_fkey' })
  retried?: TaskEntity;
}
