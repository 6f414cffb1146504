import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CacheWriteOutcome, ProfileCache } from '@profile/cache';
import { DataSource } from 'typeorm';
import { CacheRepairEntity } from './cache-repair.entity';

const REPAIRS_PER_PASS = 100;

/**
 * Keeps the cache from serving a profile that changed while Redis was away: a write-through or
 * invalidation Redis did not take is recorded here, and `repairDue` removes those entries once
 * Redis answers again. Removing is always safe; the next read fills the current version.
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
      this.logger.error({ err: error, profileId }, 'could not record a cache repair');
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

  /** Invalidates the recorded profiles, oldest first, until Redis refuses one. */
  async repairDue(): Promise<void> {
    const due = await this.dataSource.manager.find(CacheRepairEntity, {
      order: { recordedAt: 'ASC' },
      take: REPAIRS_PER_PASS,
    });
    for (const { profileId, recordedAt } of due) {
      if ((await this.cache.invalidate(profileId)) === 'unavailable') return;
      // A newer record (another failure since we read this one) stays for the next pass.
      await this.dataSource.manager.delete(CacheRepairEntity, { profileId, recordedAt });
    }
  }
}
