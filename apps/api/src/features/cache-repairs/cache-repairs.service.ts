import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CacheWriteOutcome, ProfileCache } from '@profile/cache';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { SqlWrite } from '../../platform/database/sql-write';
import { loggableError } from '../../platform/problems/loggable-error';
import { represent } from '../profiles/profile-representation';
import { ProfileEntity } from '../profiles/profile.entity';
import { CacheRepairEntity } from './cache-repair.entity';
import { CacheRepairIntent, PendingCacheRepairs } from './pending-cache-repairs';

const REPAIRS_PER_PASS = 100;

const RECORD_SQL = (first: number) =>
  `INSERT INTO cache_repairs (profile_id, token) VALUES ($${first}, $${first + 1})
   ON CONFLICT (profile_id) DO UPDATE SET token = EXCLUDED.token, recorded_at = CURRENT_TIMESTAMP(3)`;

/** A change's repair intent, and whether its transaction has written it. */
export class CacheRepair implements CacheRepairIntent {
  recorded = false;

  constructor(
    readonly profileId: string,
    readonly token: string,
  ) {}
}

/**
 * Keeps the cache from serving a profile older than a change the api acknowledged. Every change
 * writes a repair record in its own transaction; once Redis has taken the write-through or
 * invalidation the record is deleted, and otherwise `repairDue` brings the entry up to date from
 * PostgreSQL: the current version is written through, or the entry of a deleted profile removed.
 * (Removing a changed profile's entry instead would leave the tombstone of a delete.) A crash between
 * the commit and the cache, or a lost COMMIT answer, therefore leaves a record to repair, and until
 * it is repaired this process reads the profile from PostgreSQL.
 */
@Injectable()
export class CacheRepairsService {
  private readonly logger = new Logger(CacheRepairsService.name);
  private readonly pending = new PendingCacheRepairs();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: ProfileCache,
  ) {}

  /** Whether the cache may hold a version of the profile older than a committed change. */
  isPending(profileId: string): boolean {
    return this.pending.has(profileId);
  }

  /**
   * Runs `work` in a transaction in which it records `repair` (with `recording` or `record`) if it
   * changes the profile. From the start until the cache has taken the change, reads of the profile
   * in this process skip the cache.
   */
  async transaction<T>(
    repair: CacheRepair,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    this.pending.open(repair);
    let committing = false;
    try {
      const result = await this.dataSource.transaction(async (manager) => {
        const done = await work(manager);
        committing = true;
        return done;
      });
      this.settle(repair, true);
      return result;
    } catch (error) {
      // An error before COMMIT rolled the record back; one from COMMIT leaves its fate unknown.
      this.settle(repair, committing);
      throw error;
    }
  }

  /** A new repair intent for a change of the profile. */
  intent(profileId: string): CacheRepair {
    return new CacheRepair(profileId, randomUUID());
  }

  /** The write that records `repair`, for the change's own statement. */
  recording(repair: CacheRepair): SqlWrite {
    repair.recorded = true;
    return { sql: RECORD_SQL, params: [repair.profileId, repair.token] };
  }

  /** Records `repair` in the change's transaction. */
  async record(manager: EntityManager, repair: CacheRepair): Promise<void> {
    const { sql, params } = this.recording(repair);
    await manager.query(sql(1), params);
  }

  /**
   * Runs the committed change's cache update; when Redis took it, deletes its repair record. When
   * Redis did not, the record stays and `repairDue` applies it.
   */
  async apply(repair: CacheRepair, change: () => Promise<CacheWriteOutcome>): Promise<void> {
    if ((await change()) === 'unavailable') return;
    this.pending.resolve(repair.token);
    try {
      await this.forget(repair);
    } catch (error) {
      // The cache is up to date: a record left behind costs one needless repair, not a stale read.
      this.logger.warn(
        { error: loggableError(error), profileId: repair.profileId },
        'could not delete a cache repair',
      );
    }
  }

  /**
   * Brings the recorded profiles' entries up to date, oldest record first, until Redis refuses one.
   * Every record read makes its profile's reads in this process skip the cache until it is repaired.
   */
  async repairDue(): Promise<void> {
    const settled = this.pending.settledTokens();
    const due = await this.dataSource.manager.find(CacheRepairEntity, {
      select: { profileId: true, token: true },
      order: { recordedAt: 'ASC' },
      take: REPAIRS_PER_PASS,
    });
    for (const record of due) this.pending.track(record);
    await this.forgetResolved(settled, due);
    for (const record of due) {
      if ((await this.repair(record.profileId)) === 'unavailable') return;
      await this.forget(record);
      this.pending.resolve(record.token);
    }
  }

  private settle(repair: CacheRepair, mayHaveCommitted: boolean): void {
    if (repair.recorded && mayHaveCommitted) this.pending.settle(repair.token);
    else this.pending.resolve(repair.token);
  }

  /** Deletes the record if it is still the one of this change: a newer change's stays. */
  private async forget({ profileId, token }: CacheRepairIntent): Promise<void> {
    await this.dataSource.manager.delete(CacheRepairEntity, { profileId, token });
  }

  /**
   * Resolves the pending tokens whose record is gone: deleted once the cache took that change or a
   * later one, replaced by a later change's record (which is pending in its turn), or never
   * committed. Their transactions ended before this pass began, so a record of theirs that still
   * exists is in `due` or found by the lookup.
   */
  private async forgetResolved(settled: string[], due: CacheRepairIntent[]): Promise<void> {
    const seen = new Set(due.map((record) => record.token));
    const unseen = settled.filter((token) => !seen.has(token));
    if (unseen.length === 0) return;
    const rows: Array<{ token: string }> = await this.dataSource.query(
      'SELECT token FROM cache_repairs WHERE token = ANY($1::uuid[])',
      [unseen],
    );
    const present = new Set(rows.map((row) => row.token));
    for (const token of unseen) if (!present.has(token)) this.pending.resolve(token);
  }

  /**
   * A write-through of the version read now cannot replace a newer one written meanwhile, and a
   * delete committed after the read leaves a tombstone that refuses it (or, when Redis missed that
   * invalidation too, a newer record for the next pass), so the read needs no lock.
   */
  private async repair(profileId: string): Promise<CacheWriteOutcome> {
    const current = await this.dataSource.manager.findOneBy(ProfileEntity, { id: profileId });
    if (!current) return this.cache.invalidate(profileId);
    const { json, version } = represent(current);
    return this.cache.writeThrough(profileId, json, version);
  }
}
