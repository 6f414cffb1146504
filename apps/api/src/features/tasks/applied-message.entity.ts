import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The id of a result message the api has applied, so a redelivery is applied only once. */
@Entity({ name: 'applied_messages' })
@Index('applied_messages_applied_at_idx', ['appliedAt'])
export class AppliedMessageEntity {
  @PrimaryColumn({
    name: 'message_id',
    type: 'uuid',
    primaryKeyConstraintName: 'applied_messages_pkey',
  })
  messageId!: string;

  @Column({
    name: 'applied_at',
    type: 'timestamptz',
    precision: 3,
    default: () => 'CURRENT_TIMESTAMP(3)',
  })
  appliedAt!: Date;
}
