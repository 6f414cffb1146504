import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/**
 * A profile whose cache entry may be stale: written in the transaction of each change, deleted once
 * Redis has taken the change (or a repair has brought the entry up to date since).
 */
@Entity({ name: 'cache_repairs' })
@Unique('cache_repairs_token_key', ['token'])
export class CacheRepairEntity {
  @PrimaryColumn({
    name: 'profile_id',
    type: 'uuid',
    primaryKeyConstraintName: 'cache_repairs_pkey',
  })
  profileId!: string;

  /** The latest change's own token: only what took that change (or a later read) may delete the record. */
  @Column({ type: 'uuid' })
  token!: string;

  @Column({
    name: 'recorded_at',
    type: 'timestamptz',
    precision: 3,
    default: () => 'CURRENT_TIMESTAMP(3)',
  })
  recordedAt!: Date;
}
