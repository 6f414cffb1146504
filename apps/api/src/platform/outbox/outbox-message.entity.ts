import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

const timestamp = { type: 'timestamptz', precision: 3 } as const;

/**
 * A message to publish once it is due, written in the transaction of the change it announces (a
 * profile event, due at once, or a task attempt, due at the task's runAt). The relay claims due
 * rows, publishes them with confirms and marks them sent.
 */
@Entity({ name: 'outbox' })
@Unique('outbox_message_id_key', ['messageId'])
@Index('outbox_unsent_due_at_idx', { synchronize: false })
@Index('outbox_sent_at_idx', { synchronize: false })
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'outbox_pkey',
  })
  id!: string;

  @Column({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @Column({ type: 'varchar', length: 64 })
  exchange!: string;

  @Column({ name: 'routing_key', type: 'varchar', length: 64 })
  routingKey!: string;

  /** The whole message envelope, as consumers receive it. */
  @Column({ type: 'jsonb' })
  envelope!: Record<string, unknown>;

  @Column({ name: 'due_at', ...timestamp })
  dueAt!: Date;

  /** A relay publishing the row holds it until then; after that another relay may take it. */
  @Column({ name: 'claimed_until', ...timestamp, nullable: true })
  claimedUntil!: Date | null;

  /** The relay holding the claim, by the key of the advisory lock it holds while it lives. */
  @Column({ name: 'claimed_by', type: 'integer', nullable: true })
  claimedBy!: number | null;

  @Column({ name: 'publish_attempts', type: 'integer', default: 0 })
  publishAttempts!: number;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ name: 'sent_at', ...timestamp, nullable: true })
  sentAt!: Date | null;
}
