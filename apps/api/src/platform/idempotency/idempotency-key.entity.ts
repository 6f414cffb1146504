import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ProfileEntity } from '../../features/profiles/profile.entity';
import { TaskEntity } from '../../features/tasks/task.entity';

/**
 * An Idempotency-Key of a create, scoped to the API key that sent it, naming what the first request
 * created: a task or a profile. It goes with what it names.
 */
@Entity({ name: 'idempotency_keys' })
@Index('idempotency_keys_created_at_idx', ['createdAt'])
@Check('idempotency_keys_one_resource', 'num_nonnulls("task_id", "profile_id") = 1')
export class IdempotencyKeyEntity {
  @PrimaryColumn({
    name: 'key_name',
    type: 'varchar',
    length: 64,
    primaryKeyConstraintName: 'idempotency_keys_pkey',
  })
  keyName!: string;

  @PrimaryColumn({
    name: 'idempotency_key',
    type: 'varchar',
    length: 255,
    primaryKeyConstraintName: 'idempotency_keys_pkey',
  })
  idempotencyKey!: string;

  /** SHA-256 of the request body, to tell a replay from a different request under the same key. */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash!: string;

  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId!: string | null;

  // Deferred: the key is claimed before the task or profile it names is inserted.
  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE', deferrable: 'INITIALLY DEFERRED' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'idempotency_keys_task_id_fkey' })
  task?: TaskEntity;

  @Column({ name: 'profile_id', type: 'uuid', nullable: true })
  profileId!: string | null;

  @ManyToOne(() => ProfileEntity, { onDelete: 'CASCADE', deferrable: 'INITIALLY DEFERRED' })
  @JoinColumn({ name: 'profile_id', foreignKeyConstraintName: 'idempotency_keys_profile_id_fkey' })
  profile?: ProfileEntity;

  @Column({
    name: 'created_at',
    type: 'timestamptz',
    precision: 3,
    default: () => 'CURRENT_TIMESTAMP(3)',
  })
  createdAt!: Date;
}
