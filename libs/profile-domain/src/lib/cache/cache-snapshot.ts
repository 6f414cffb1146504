import { z } from 'zod';

/** One entry of the FIFO profile cache. */
export const cacheEntrySchema = z.object({
  /** Where Redis holds the entry. */
  key: z.string(),
  /** The profile's id. */
  id: z.string(),
  version: z.int(),
  insertedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});

/** The cache's global counters, kept in Redis by its scripts: they survive a flush. */
export const cacheStatsSchema = z.object({
  hits: z.int(),
  misses: z.int(),
  evictions: z.int(),
  expirations: z.int(),
  sets: z.int(),
  invalidations: z.int(),
});

/** `GET /api/v1/cache`: the entries oldest first (the first is evicted next) and the stats. */
export const cacheSnapshotSchema = z.object({
  maxEntries: z.int(),
  size: z.int(),
  entries: z.array(cacheEntrySchema),
  stats: cacheStatsSchema,
});

export type CacheEntry = z.output<typeof cacheEntrySchema>;
export type CacheStats = z.output<typeof cacheStatsSchema>;
export type CacheSnapshot = z.output<typeof cacheSnapshotSchema>;
