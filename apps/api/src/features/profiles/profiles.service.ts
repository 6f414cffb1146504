import { Injectable } from '@nestjs/common';
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
import { DataSource, EntityManager } from 'typeorm';
import { CacheRepairsService } from '../cache-repairs/cache-repairs.service';
import { ApiError } from '../../platform/problems/api-error';
import type { KeysetCursor } from '../../platform/pagination/keyset-cursor';
import { pageOf } from '../../platform/pagination/page-query';
import { ProfileChangeEffects } from './profile-change-effects';
import type { ChangeContext } from './profile-event-message';
import { ProfileRepresentation, represent, toProfile } from './profile-representation';
import type { ProfileEntity } from './profile.entity';
import { PROFILE_READS_METRIC } from './profile-reads.metric';
import { ProfileChanges, ProfilesRepository, UniqueViolation } from './profiles.repository';

/** A condition on the current version of a profile (an If-Match header, for HTTP). */
export type ProfilePrecondition = (current: { id: string; version: number }) => boolean;

export interface ProfileRead extends ProfileRepresentation {
  outcome: CacheOutcome;
  /** Milliseconds spent on the cache and on PostgreSQL; absent when not consulted. */
  timings: { cacheMs?: number; dbMs?: number };
}

/**
 * Profiles, read through the FIFO cache. Every change runs in an explicit transaction together
 * with what it causes (its event, the tasks it schedules or cancels); the cache follows after the
 * commit (write-through on update, invalidation on delete), with a repair recorded when Redis
 * misses it.
 */
@Injectable()
export class ProfilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly profiles: ProfilesRepository,
    private readonly cache: ProfileCache,
    private readonly repairs: CacheRepairsService,
    private readonly effects: ProfileChangeEffects,
    @InjectMetric(PROFILE_READS_METRIC) private readonly reads: Counter<'source'>,
  ) {}

  async create(input: ProfileCreate, context: ChangeContext): Promise<ProfileRepresentation> {
    const created = await this.namingEveryTakenField(() =>
      this.dataSource.transaction(async (manager) => {
        const profile = await this.profiles.insert(manager, input);
        await this.effects.created(manager, profile, context);
        return profile;
      }),
    );
    return represent(created);
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

    const started = performance.now();
    const { outcome, record } = bypassCache
      ? { outcome: 'BYPASS' as const, record: await load() }
      : await this.cache.getOrLoad(id, load);
    const cacheMs = bypassCache ? undefined : performance.now() - started - (dbMs ?? 0);

    if (!record) throw notFound(id);
    this.reads.inc({ source: outcome === 'HIT' ? 'cache' : 'database' });
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
    const { profile, changed } = await this.namingEveryTakenField(() =>
      this.dataSource.transaction(async (manager) => {
        const current = await this.lockForChange(manager, id, precondition);
        const changes = changedFields(current, patch);
        if (!changes) return { profile: current, changed: false };
        const updated = await this.profiles.update(manager, current, changes);
        // The row is locked, so its version cannot have moved; this guards the invariant.
        if (!updated) throw new Error(`profile ${id} changed under a row lock`);
        await this.effects.updated(
          manager,
          updated,
          Object.keys(changes) as ProfileField[],
          context,
        );
        return { profile: updated, changed: true };
      }),
    );
    const representation = represent(profile);
    if (changed) {
      await this.repairs.apply(id, () =>
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
    await this.dataSource.transaction(async (manager) => {
      const current = await this.lockForChange(manager, id, precondition);
      if (!(await this.profiles.delete(manager, current))) {
        throw new Error(`profile ${id} changed under a row lock`);
      }
      await this.effects.deleted(manager, current, context);
    });
    await this.repairs.apply(id, () => this.cache.invalidate(id));
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

  /**
   * Runs a change's transaction; a unique violation becomes a 409 naming every taken field, found
   * once the transaction (and its connection) is released.
   */
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
