import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ProfileCreate, ProfileField } from '@profile/profile-domain';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { SqlWrite, writeReturning } from '../../platform/database/sql-write';
import { ApiError } from '../../platform/problems/api-error';
import type { KeysetCursor } from '../../platform/pagination/keyset-cursor';
import { PROFILE_EMAIL_UNIQUE, PROFILE_USERNAME_UNIQUE, ProfileEntity } from './profile.entity';

export type ProfileChanges = Partial<Pick<ProfileEntity, ProfileField>>;

/** A profile about to be inserted: the fields it was created with, its id and first version. */
export type NewProfile = ProfileCreate & { id: string; version: number };

export interface ProfileListQuery {
  limit: number;
  after?: KeysetCursor;
  search?: string;
}

const UNIQUE_VIOLATION = '23505';
const COLUMN_OF_FIELD: Record<ProfileField, string> = {
  username: 'username',
  email: 'email',
  displayName: 'display_name',
  bio: 'bio',
  avatarUrl: 'avatar_url',
  location: 'location',
};
const PROFILE_COLUMNS =
  'id, username, email, display_name, bio, avatar_url, location, version, created_at, updated_at';
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
      `SELECT ${PROFILE_COLUMNS} FROM profiles WHERE id = $1`,
      [id],
    );
    return rows[0] ? profileOfRow(rows[0]) : null;
  }

  /** The profile, locked until the transaction ends, or null. */
  async lockById(manager: EntityManager, id: string): Promise<ProfileEntity | null> {
    const rows: ProfileRow[] = await manager.query(
      `SELECT ${PROFILE_COLUMNS} FROM profiles WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ? profileOfRow(rows[0]) : null;
  }

  /**
   * Inserts a new profile together with `writes` (what its creation causes), as one statement:
   * one round trip, atomic without a transaction around it.
   */
  async insertWith(
    manager: EntityManager,
    profile: NewProfile,
    writes: readonly SqlWrite[],
  ): Promise<ProfileEntity> {
    const insert: SqlWrite = {
      sql: (first) =>
        `INSERT INTO profiles (id, username, email, display_name, bio, avatar_url, location, version)
         VALUES (${placeholders(first, 8)})
         RETURNING ${PROFILE_COLUMNS}`,
      params: [
        profile.id,
        profile.username,
        profile.email,
        profile.displayName,
        profile.bio ?? null,
        profile.avatarUrl ?? null,
        profile.location ?? null,
        profile.version,
      ],
    };
    const [row] = await conflictsNamed(() => writeReturning<ProfileRow>(manager, insert, writes), {
      username: profile.username,
      email: profile.email,
    });
    return profileOfRow(row);
  }

  /**
   * Applies `changes` if the row is still at `current.version`, together with `writes` (what the
   * change causes) in one statement; null when the row has moved on.
   */
  async updateWith(
    manager: EntityManager,
    current: ProfileEntity,
    changes: ProfileChanges,
    writes: readonly SqlWrite[],
  ): Promise<ProfileEntity | null> {
    const fields = Object.keys(changes) as ProfileField[];
    const update: SqlWrite = {
      sql: (first) =>
        `UPDATE profiles
         SET ${fields.map((field, index) => `${COLUMN_OF_FIELD[field]} = $${first + 2 + index}`).join(', ')},
             version = version + 1, updated_at = CURRENT_TIMESTAMP(3)
         WHERE id = $${first} AND version = $${first + 1}
         RETURNING version, updated_at`,
      params: [current.id, current.version, ...fields.map((field) => changes[field])],
    };
    const [row] = await conflictsNamed(
      () => writeReturning<{ version: number; updated_at: Date }>(manager, update, writes),
      { id: current.id, ...changes },
    );
    if (!row) return null;
    return { ...current, ...changes, version: row.version, updatedAt: row.updated_at };
  }

  /**
   * The 409 of a unique violation, naming every taken field: the violated one, and the other when
   * another profile holds the value the write gave it. Called after the failed transaction has
   * ended, on a connection of its own.
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

  /** Deletes the row if it is still at `current.version`; false when it is not. */
  async delete(manager: EntityManager, current: ProfileEntity): Promise<boolean> {
    const result = await manager.delete(ProfileEntity, {
      id: current.id,
      version: current.version,
    });
    return result.affected === 1;
  }

  /** Newest first by (createdAt, id), `limit` rows after the cursor, optionally matching `search`. */
  async list({ limit, after, search }: ProfileListQuery): Promise<ProfileEntity[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (after) {
      params.push(after.createdAt, after.id);
      conditions.push(`(created_at, id) < ($${params.length - 1}, $${params.length})`);
    }
    if (search) {
      params.push(`%${escapeLikePattern(search)}%`);
      const pattern = `$${params.length}`;
      conditions.push(
        `(username ILIKE ${pattern} ESCAPE '\\' OR display_name ILIKE ${pattern} ESCAPE '\\'` +
          ` OR email ILIKE ${pattern} ESCAPE '\\')`,
      );
    }
    params.push(limit);
    const rows: ProfileRow[] = await this.dataSource.query(
      `SELECT ${PROFILE_COLUMNS} FROM profiles
       ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC
       LIMIT $${params.length}`,
      params,
    );
    return rows.map(profileOfRow);
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

/** `$first, $first+1, …`: `count` numbered parameters. */
function placeholders(first: number, count: number): string {
  return Array.from({ length: count }, (_, index) => `$${first + index}`).join(', ');
}

/** Makes `%`, `_` and `\` match themselves in a LIKE pattern. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * Turns a unique violation into a 409 naming the field. Derived from the constraint PostgreSQL
 * reports, so concurrent writers get it right where a pre-check would race.
 */
/**
 * Runs a write, turning a unique violation into a UniqueViolation (the field PostgreSQL reports, so
 * concurrent writers get it right where a pre-check would race).
 */
async function conflictsNamed<T>(write: () => Promise<T>, written: UniqueValues): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const field = violatedUniqueField(error);
    if (!field) throw error;
    throw new UniqueViolation(field, written);
  }
}

function violatedUniqueField(error: unknown): UniqueField | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const { code, constraint } = error.driverError as { code?: string; constraint?: string };
  return code === UNIQUE_VIOLATION && constraint ? FIELD_OF_CONSTRAINT[constraint] : undefined;
}
