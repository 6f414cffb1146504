import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ProfilePage } from '@profile/api-contract';
import { CacheRecord, ProfileCache } from '@profile/cache';
import {
  type CacheOutcome,
  PROFILE_FIELDS,
  type ProfileCreate,
  type ProfileField,
  type ProfilePatch,
} from '@profile/profile-domain';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CacheRepairsService } from '../cache-repairs/cache-repairs.service';
import { API_ENVIRONMENT, ApiEnvironment } from '../../platform/config/api-environment';
import { IdempotencyKeys, requestHash } from '../../platform/idempotency/idempotency-keys';
import { ApiError } from '../../platform/problems/api-error';
import type { KeysetCursor } from '../../platform/pagination/keyset-cursor';
import { pageOf } from '../../platform/pagination/page-query';
import { ProfileChangeEffects } from './profile-change-effects';
import type { ChangeContext } from './profile-event-message';
import { ProfileRepresentation, represent, toProfile } from './profile-representation';
import type { ProfileEntity } from './profile.entity';
import { PROFILE_READS_METRIC } from './profile-reads.metric';
import {
  NewProfile,
  ProfileChanges,
  ProfilesRepository,
  UniqueViolation,
} from './profiles.repository';

const FROM_CACHE = { source: 'cache' };
const FROM_DATABASE = { source: 'database' };

/** The version of a profile as it is created. */
const FIRST_VERSION = 1;

/** A create's Idempotency-Key and the body it was sent with. */
export interface IdempotentRequest {
  key: string;
  body: unknown;
}

export interface CreatedProfile {
  profile: ProfileRepresentation;
  /** Whether this answers a replay of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

type ClaimedCreate = { created: ProfileEntity } | { replayOf: string };

/** A condition on the current version of a profile (an If-Match header, for HTTP). */
export type ProfilePrecondition = (current: { id: string; version: number }) => boolean;

export interface ProfileRead extends ProfileRepresentation {
  outcome: CacheOutcome;
  /** Milliseconds spent on the cache and on PostgreSQL; absent when not consulted. */
  timings: { cacheMs?: number; dbMs?: number };
}

/**
 * Profiles, read through the FIFO cache. Every change is written together with what it causes
 * (its event, the tasks it schedules or cancels): a create as one statement, an update or delete
 * in a transaction that locks the row. The cache follows after the commit (write-through on
 * update, invalidation on delete); the transaction records a cache repair, deleted once Redis has
 * taken the change, so that neither a Redis failure nor a crash can leave a stale entry behind.
 * A create needs none: no entry can exist for an id that was just made.
 */
@Injectable()
export class ProfilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly profiles: ProfilesRepository,
    private readonly cache: ProfileCache,
    private readonly repairs: CacheRepairsService,
    private readonly effects: ProfileChangeEffects,
    private readonly idempotencyKeys: IdempotencyKeys,
    @Inject(API_ENVIRONMENT) private readonly environment: ApiEnvironment,
    @InjectMetric(PROFILE_READS_METRIC) private readonly reads: Counter<'source'>,
  ) {}

  /**
   * Inserts the profile with its event and tasks in one statement, without a transaction. With an
   * Idempotency-Key, the key is claimed in the same transaction: a replay of the same body answers
   * the profile the first request created, the key with another request is a 422.
   */
  async create(
    input: ProfileCreate,
    context: ChangeContext,
    idempotency?: IdempotentRequest,
  ): Promise<CreatedProfile> {
    const now = new Date();
    const profile: NewProfile = { ...input, id: randomUUID(), version: FIRST_VERSION };
    const writes = this.effects.creating(profile, context, now);
    if (!idempotency) {
      const created = await this.namingEveryTakenField(() =>
        this.profiles.insertWith(this.dataSource.manager, profile, writes),
      );
      return { profile: represent(created), replayed: false };
    }
    const outcome = await this.namingEveryTakenField(() =>
      this.dataSource.transaction(async (manager): Promise<ClaimedCreate> => {
        const claim = await this.idempotencyKeys.claim(
          manager,
          {
            keyName: context.actor,
            key: idempotency.key,
            requestHash: requestHash(idempotency.body),
            resource: { kind: 'profile', id: profile.id },
          },
          new Date(now.getTime() - this.environment.IDEMPOTENCY_KEY_RETENTION_MS),
        );
        if (claim.status === 'mismatch') {
          throw new ApiError(
            'idempotency-key-reused',
            'This Idempotency-Key was already used for a different request.',
          );
        }
        if (claim.status === 'replay') return { replayOf: claim.id };
        return { created: await this.profiles.insertWith(manager, profile, writes) };
      }),
    );
    if ('created' in outcome) return { profile: represent(outcome.created), replayed: false };
    // The key goes with its profile, so the profile is there unless it was deleted just now.
    const original = await this.profiles.findById(outcome.replayOf);
    if (!original) throw notFound(outcome.replayOf);
    return { profile: represent(original), replayed: true };
  }

  /** Reads through the cache, or straight from PostgreSQL (leaving the cache alone) with `bypassCache`. */
  async read(id: string, { bypassCache }: { bypassCache: boolean }): Promise<ProfileRead> {
    let dbMs: number | undefined;
    const load = async (): Promise<CacheRecord | null> => {
      const started = performance.now();
      const entity = await this.profiles.findById(id);
      dbMs = performance.now() - started;
      if (!entity) return null;
      const { json, version } = represent(entity);
      return { payload: json, version };
    };

    // A change of the profile whose cache update is not confirmed yet: Redis may hold an older version.
    const skipCache = bypassCache || this.repairs.isPending(id);
    const started = performance.now();
    const { outcome, record } = skipCache
      ? { outcome: 'BYPASS' as const, record: await load() }
      : await this.cache.getOrLoad(id, load);
    const cacheMs = skipCache ? undefined : performance.now() - started - (dbMs ?? 0);

    if (!record) throw notFound(id);
    this.reads.inc(outcome === 'HIT' ? FROM_CACHE : FROM_DATABASE);
    return {
      id,
      version: record.version,
      json: record.payload,
      outcome,
      timings: { cacheMs, dbMs },
    };
  }

  /** Applies a merge patch; a patch that changes nothing keeps the version and updatedAt. */
  async update(
    id: string,
    patch: ProfilePatch,
    context: ChangeContext,
    precondition?: ProfilePrecondition,
  ): Promise<ProfileRepresentation> {
    const repair = this.repairs.intent(id);
    const { profile, changed } = await this.namingEveryTakenField(() =>
      this.repairs.transaction(repair, async (manager) => {
        const current = await this.lockForChange(manager, id, precondition);
        const changes = changedFields(current, patch);
        if (!changes) return { profile: current, changed: false };
        // The row is locked, so the change makes the next version: its event can be written in the
        // UPDATE's own statement.
        const next = { id, version: current.version + 1 };
        const fields = Object.keys(changes) as ProfileField[];
        const updated = await this.profiles.updateWith(manager, current, changes, [
          ...this.effects.updating(next, fields, context, new Date()),
          this.repairs.recording(repair),
        ]);
        if (!updated) throw new Error(`profile ${id} changed under a row lock`);
        return { profile: updated, changed: true };
      }),
    );
    const representation = represent(profile);
    if (changed) {
      await this.repairs.apply(repair, () =>
        this.cache.writeThrough(id, representation.json, representation.version),
      );
    }
    return representation;
  }

  async delete(
    id: string,
    context: ChangeContext,
    precondition?: ProfilePrecondition,
  ): Promise<void> {
    const repair = this.repairs.intent(id);
    await this.repairs.transaction(repair, async (manager) => {
      const current = await this.lockForChange(manager, id, precondition);
      if (!(await this.profiles.delete(manager, current))) {
        throw new Error(`profile ${id} changed under a row lock`);
      }
      await this.effects.deleted(manager, current, context);
      await this.repairs.record(manager, repair);
    });
    await this.repairs.apply(repair, () => this.cache.invalidate(id));
  }

  /** A page of the newest-first list; never touches the cache. */
  async list(query: {
    limit: number;
    after?: KeysetCursor;
    search?: string;
  }): Promise<ProfilePage> {
    const rows = await this.profiles.list({ ...query, limit: query.limit + 1 });
    return pageOf(rows, query.limit, toProfile);
  }

  /** Runs a change, answering a unique violation with a 409 that names every taken field. */
  private async namingEveryTakenField<T>(change: () => Promise<T>): Promise<T> {
    try {
      return await change();
    } catch (error) {
      if (error instanceof UniqueViolation) throw await this.profiles.conflictOf(error);
      throw error;
    }
  }

  private async lockForChange(
    manager: EntityManager,
    id: string,
    precondition: ProfilePrecondition | undefined,
  ): Promise<ProfileEntity> {
    const current = await this.profiles.lockById(manager, id);
    if (!current) throw notFound(id);
    if (precondition && !precondition(current)) {
      throw new ApiError(
        'precondition-failed',
        `Profile ${id} is at version ${current.version}, which the If-Match header does not match.`,
      );
    }
    return current;
  }
}

function changedFields(current: ProfileEntity, patch: ProfilePatch): ProfileChanges | undefined {
  const changes: ProfileChanges = {};
  for (const field of PROFILE_FIELDS) {
    const value = patch[field];
    if (value !== undefined && value !== current[field]) Object.assign(changes, { [field]: value });
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}

function notFound(id: string): ApiError {
  return new ApiError('not-found', `No profile has the id ${id}.`);
}
