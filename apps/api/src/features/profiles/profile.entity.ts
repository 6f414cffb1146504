import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const PROFILE_USERNAME_UNIQUE = 'profiles_username_key';
export const PROFILE_EMAIL_UNIQUE = 'profiles_email_lower_key';

/**
 * A stored profile. Timestamps keep millisecond precision so that JavaScript dates (and so the
 * list cursor) hold them exactly. Indexes TypeORM cannot describe (lower(email), the trigram
 * indexes, the keyset order) are declared with synchronize: false so migration:generate leaves them alone.
 */
@Entity({ name: 'profiles' })
@Unique(PROFILE_USERNAME_UNIQUE, ['username'])
@Index(PROFILE_EMAIL_UNIQUE, { synchronize: false })
@Index('profiles_username_trgm_idx', { synchronize: false })
@Index('profiles_display_name_trgm_idx', { synchronize: false })
@Index('profiles_email_trgm_idx', { synchronize: false })
// TypeORM reads an index's columns back in table order, so it cannot keep (created_at, id) itself.
@Index('profiles_created_at_id_idx', { synchronize: false })
export class ProfileEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'profiles_pkey' })
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  username!: string;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName!: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  bio!: string | null;

  @Column({ name: 'avatar_url', type: 'varchar', length: 2048, nullable: true })
  avatarUrl!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  location!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({
    name: 'created_at',
    type: 'timestamptz',
    precision: 3,
    default: () => 'CURRENT_TIMESTAMP(3)',
  })
  createdAt!: Date;

  @Column({
    name: 'updated_at',
    type: 'timestamptz',
    precision: 3,
    default: () => 'CURRENT_TIMESTAMP(3)',
  })
  updatedAt!: Date;
}
