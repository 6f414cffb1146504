import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CacheWriteOutcome, ProfileCache } from '@profile/cache';
import { DataSource } from 'typeorm';
import { loggableError } from '../../platform/problems/loggable-error';
import { represent } from '../profiles/profile-representation';
import { ProfileEntity } from '../profiles/profile.entity';
import { CacheRepairEntity } from './cache-repair.entity';

const REPAIRS_PER_PASS = 100;

/**
 * Keeps the cache from serving a profile that changed while Redis was away: a write-through or
 * invalidation Redis did not take is recorded here, and `repairDue` retries it once Redis answers
 * again, with the profile as PostgreSQL holds it then: the current version is written through, or
 * the entry of a deleted profile removed. (Removing a changed profile's entry instead would leave
 * the tombstone of a delete, and the profile could not be cached again until it expired.)
 */
@Injectable()
export class CacheRepairsService {
  private readonly logger = new Logger(CacheRepairsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: ProfileCache,
  ) {}

  /** Runs a cache change for a profile and records a repair if Redis did not take it. */
  async apply(profileId: string, change: () => Promise<CacheWriteOutcome>): Promise<void> {
    if ((await change()) !== 'unavailable') return;
    try {
      await this.record(profileId);
    } catch (error) {
      // The change itself is committed; failing the request now would only mislead the client.
      this.logger.error(
        { error: loggableError(error), profileId },
        'could not record a cache repair',
      );
    }
  }

  async record(profileId: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(CacheRepairEntity)
      .values({ profileId })
      .orUpdate(['recorded_at'], ['profile_id'])
      .execute();
  }

  /** Brings the recorded profiles' entries up to date, oldest record first, until Redis refuses one. */
  async repairDue(): Promise<void> {
    const due = await this.dataSource.manager.find(CacheRepairEntity, {
      order: { recordedAt: 'ASC' },
      take: REPAIRS_PER_PASS,
    });
    for (const { profileId, recordedAt } of due) {
      if ((await this.repair(profileId)) === 'unavailable') return;
      // A newer record (another failure since we read this one) stays for the next pass.
      await this.dataSource.manager.delete(CacheRepairEntity, { profileId, recordedAt });
    }
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
