import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A profile whose cache entry may be stale because Redis missed its write-through or invalidation. */
@Entity({ name: 'cache_repairs' })
export class CacheRepairEntity {
  @PrimaryColumn({
    name: 'profile_id',
    type: 'uuid',
    primaryKeyConstraintName: 'cache_repairs_pkey',
  })
  profileId!: string;

  /** Moves on every new record, so a repair only clears the record it read. */
  @Column({
    name: 'recorded_at',
    type: 'timestamptz',
    precision: 3,
    default: () => 'CURRENT_TIMESTAMP(3)',
  })
  recordedAt!: Date;
}
