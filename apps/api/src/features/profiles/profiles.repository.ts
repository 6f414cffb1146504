import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ProfileCreate, ProfileField } from '@profile/profile-domain';
import { Brackets, DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { ApiError } from '../../platform/problems/api-error';
import type { KeysetCursor } from '../../platform/pagination/keyset-cursor';
import { PROFILE_EMAIL_UNIQUE, PROFILE_USERNAME_UNIQUE, ProfileEntity } from './profile.entity';

export type ProfileChanges = Partial<Pick<ProfileEntity, ProfileField>>;

export interface ProfileListQuery {
  limit: number;
  after?: KeysetCursor;
  search?: string;
}

const UNIQUE_VIOLATION = '23505';
const UNIQUE_FIELDS = ['username', 'email'] as const satisfies readonly ProfileField[];
type UniqueField = (typeof UNIQUE_FIELDS)[number];
/** What a write gave the unique fields (and which profile it wrote, when it existed). */
type UniqueValues = Partial<Pick<ProfileEntity, 'id' | UniqueField>>;

/** A write gave a unique field a value another profile has; see ProfilesRepository.conflictOf. */
export class UniqueViolation extends Error {
  constructor(
    readonly field: UniqueField,
    readonly written: UniqueValues,
  ) {
    super(`unique ${field} violated`);
    this.name = 'UniqueViolation';
  }
}
const FIELD_OF_CONSTRAINT: Record<string, UniqueField> = {
  [PROFILE_USERNAME_UNIQUE]: 'username',
  [PROFILE_EMAIL_UNIQUE]: 'email',
};

/**
 * Profiles in PostgreSQL. Writes take the caller's EntityManager so they join its transaction
 * (with whatever else that transaction writes).
 */
@Injectable()
export class ProfilesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The profile, read with plain SQL: this is every cache miss's query, and TypeORM's query builder
   * and hydration cost as much CPU as the query itself.
   */
  async findById(id: string): Promise<ProfileEntity | null> {
    const rows: ProfileRow[] = await this.dataSource.query(
      `SELECT id, username, email, display_name, bio, avatar_url, location, version, created_at, updated_at
       FROM profiles WHERE id = $1`,
      [id],
    );
    return rows[0] ? profileOfRow(rows[0]) : null;
  }

  /** The profile, locked until the transaction ends, or null. */
  lockById(manager: EntityManager, id: string): Promise<ProfileEntity | null> {
    return manager
      .createQueryBuilder(ProfileEntity, 'profile')
      .setLock('pessimistic_write')
      .where('profile.id = :id', { id })
      .getOne();
  }

  async insert(manager: EntityManager, input: ProfileCreate): Promise<ProfileEntity> {
    const entity = manager.create(ProfileEntity, {
      username: input.username,
      email: input.email,
      displayName: input.displayName,
      bio: input.bio ?? null,
      avatarUrl: input.avatarUrl ?? null,
      location: input.location ?? null,
    });
    return this.conflictsNamed(() => manager.save(entity), entity);
  }

  /** Applies `changes` if the row is still at `current.version`; null when it is not. */
  async update(
    manager: EntityManager,
    current: ProfileEntity,
    changes: ProfileChanges,
  ): Promise<ProfileEntity | null> {
    const result = await this.conflictsNamed(
      () =>
        manager
          .createQueryBuilder()
          .update(ProfileEntity)
          .set({
            ...changes,
            version: () => 'version + 1',
            updatedAt: () => 'CURRENT_TIMESTAMP(3)',
          })
          .where('id = :id AND version = :version', { id: current.id, version: current.version })
          .returning(['version', 'updatedAt'])
          .execute(),
      { id: current.id, ...changes },
    );
    const row = (result.raw as Array<{ version: number; updated_at: Date }>)[0];
    if (!row) return null;
    return { ...current, ...changes, version: row.version, updatedAt: row.updated_at };
  }

  /** Deletes the row if it is still at `current.version`; false when it is not. */
  async delete(manager: EntityManager, current: ProfileEntity): Promise<boolean> {
    const result = await manager.delete(ProfileEntity, {
      id: current.id,
      version: current.version,
    });
    return result.affected === 1;
  }

  /**
   * Runs a write, turning a unique violation into a UniqueViolation (the field PostgreSQL
   * reports, so concurrent writers get it right where a pre-check would race).
   */
  private async conflictsNamed<T>(write: () => Promise<T>, written: UniqueValues): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const field = violatedUniqueField(error);
      if (!field) throw error;
      throw new UniqueViolation(field, written);
    }
  }

  /**
   * The 409 of a unique violation, naming every taken field: the violated one, and the other
   * when another profile holds the value the write gave it. Called after the failed transaction
   * has ended, on a connection of its own.
   */
  async conflictOf({ field, written }: UniqueViolation): Promise<ApiError> {
    const [row]: Array<Record<UniqueField, boolean>> = await this.dataSource.query(
      `SELECT
         EXISTS (SELECT 1 FROM profiles
                 WHERE username = $1::text AND id IS DISTINCT FROM $3::uuid) AS username,
         EXISTS (SELECT 1 FROM profiles
                 WHERE lower(email) = lower($2::text) AND id IS DISTINCT FROM $3::uuid) AS email`,
      [written.username ?? null, written.email ?? null, written.id ?? null],
    );
    const fields = UNIQUE_FIELDS.filter((unique) => unique === field || row[unique]);
    return new ApiError(
      'conflict',
      `Another profile already has this ${fields.join(' and this ')}.`,
      fields.map((path) => ({ path, message: 'is already taken' })),
    );
  }

  /** Newest first by (createdAt, id), `limit` rows after the cursor, optionally matching `search`. */
  list({ limit, after, search }: ProfileListQuery): Promise<ProfileEntity[]> {
    const query = this.dataSource
      .createQueryBuilder(ProfileEntity, 'profile')
      .orderBy('profile.createdAt', 'DESC')
      .addOrderBy('profile.id', 'DESC')
      .limit(limit);
    if (after) {
      query.andWhere('(profile.createdAt, profile.id) < (:createdAt, :id)', after);
    }
    if (search) {
      const pattern = `%${escapeLikePattern(search)}%`;
      query.andWhere(
        new Brackets((matches) =>
          matches
            .where(`profile.username ILIKE :pattern ESCAPE '\\'`, { pattern })
            .orWhere(`profile.displayName ILIKE :pattern ESCAPE '\\'`)
            .orWhere(`profile.email ILIKE :pattern ESCAPE '\\'`),
        ),
      );
    }
    return query.getMany();
  }
}

interface ProfileRow {
  id: string;
  username: string;
  email: string;
  display_name: string;
  bio: string | null;
  avatar_url: string | null;
  location: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

function profileOfRow(row: ProfileRow): ProfileEntity {
  return Object.assign(new ProfileEntity(), {
    id: row.id,
    username: row.username,
    email: row.email,
    displayName: row.display_name,
    bio: row.bio,
    avatarUrl: row.avatar_url,
    location: row.location,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  } satisfies ProfileEntity);
}

/** Makes `%`, `_` and `\` match themselves in a LIKE pattern. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function violatedUniqueField(error: unknown): UniqueField | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const { code, constraint } = error.driverError as { code?: string; constraint?: string };
  return code === UNIQUE_VIOLATION && constraint ? FIELD_OF_CONSTRAINT[constraint] : undefined;
}
