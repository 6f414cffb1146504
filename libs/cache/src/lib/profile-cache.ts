import type { CacheOutcome, CacheSnapshot, CacheStats } from '@profile/profile-domain';

/**
 * The cache API the profile service uses. Values are opaque payloads (the ready-to-send JSON of a
 * profile) with the version that orders them; every operation is one Redis round trip.
 */

export interface CacheRecord {
  payload: string;
  version: number;
}

export interface CacheRead {
  /** BYPASS also when the cache is unavailable. */
  outcome: CacheOutcome;
  /** null when the loader found nothing. */
  record: CacheRecord | null;
}

/**
 * What became of a write-through or invalidation:
 * - `applied`: Redis took it;
 * - `superseded`: Redis already holds a newer version or a newer delete, so nothing changed;
 * - `unavailable`: it did not reach Redis (timeout, connection down, circuit open); the caller
 *   must record it durably and retry, or a stale entry could outlive its TTL.
 */
export type CacheWriteOutcome = 'applied' | 'superseded' | 'unavailable';

/** What `entries()` and `stats()` answer: the shapes the api serves as they are. */
export type { CacheEntry, CacheSnapshot, CacheStats } from '@profile/profile-domain';

/** Injection token and contract of the FIFO profile cache. */
export abstract class ProfileCache {
  /** Reads `id`; on a miss calls `loader` (once per process for concurrent misses) and stores its result unless a write or delete raced it. */
  abstract getOrLoad(id: string, loader: () => Promise<CacheRecord | null>): Promise<CacheRead>;
  /** Stores a changed profile at the tail with the updated-entry TTL, unless a newer version or delete is there. */
  abstract writeThrough(id: string, payload: string, version: number): Promise<CacheWriteOutcome>;
  /** Removes `id` and leaves a marker so that a fill or write-through that began earlier cannot bring it back. */
  abstract invalidate(id: string): Promise<CacheWriteOutcome>;
  /** Entries oldest first, with the global stats, read in one round trip. */
  abstract entries(): Promise<CacheSnapshot>;
  abstract stats(): Promise<CacheStats>;
  /** Empties the cache; stats survive. */
  abstract clear(): Promise<void>;
}
