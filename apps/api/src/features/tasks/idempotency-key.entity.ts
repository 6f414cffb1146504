import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TaskEntity } from './task.entity';

/** An Idempotency-Key of a task creation, scoped to the API key that sent it. */
@Entity({ name: 'idempotency_keys' })
@Index('idempotency_keys_created_at_idx', ['createdAt'])
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

  @Column({ name: 'task_id', type: 'uuid' })
  taskId!: string;

  // Deferred: the key is claimed before the task it names is inserted.
  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE', deferrable: 'INITIALLY DEFERRED' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'idempotency_keys_task_id_fkey' })
  task?: TaskEntity;

  @Column({
    name: 'created_at',
    type: 'timestamptz',
    precision: 3,
    default: () => 'CURRENT_TIMESTAMP(3)',
  })
  createdAt!: Date;
}
