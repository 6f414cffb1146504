import { z } from 'zod';

/**
 * How a read by id was served: from the cache (HIT), from PostgreSQL after a miss that filled it
 * (MISS), or from PostgreSQL past the cache (BYPASS). The api reports it in `X-Cache`.
 */
export const cacheOutcomeSchema = z.enum(['HIT', 'MISS', 'BYPASS']);
export type CacheOutcome = z.output<typeof cacheOutcomeSchema>;
