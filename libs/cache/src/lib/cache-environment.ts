import { env } from '@profile/profile-domain';
import { z } from 'zod';

const HOUR_MS = 60 * 60 * 1000;

/** The environment slice the cache reads; apps merge it into their own schema. */
export const cacheEnvironmentFields = {
  REDIS_URL: env.url(['redis:', 'rediss:'], 'redis://127.0.0.1:6379'),
  /** `cluster`: REDIS_URL is one node of a Redis Cluster, which the client discovers from it. */
  REDIS_MODE: z.enum(['standalone', 'cluster']).default('standalone'),
  CACHE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'must be 1-64 characters of letters, digits, ":", "_" or "-"')
    .default('profile-cache'),
  CACHE_MAX_ENTRIES: env.integer(10, 1, 1_000_000),
  CACHE_TTL_NEW_MS: env.integer(24 * HOUR_MS, 1, 365 * 24 * HOUR_MS),
  CACHE_TTL_UPDATED_MS: env.integer(HOUR_MS, 1, 365 * 24 * HOUR_MS),
  CACHE_TIMEOUT_MS: env.integer(50, 1, 10_000),
};

export type CacheEnvironment = z.output<z.ZodObject<typeof cacheEnvironmentFields>>;

/** Injection token of the CacheEnvironment, which the app provides for ProfileCacheModule. */
export const CACHE_ENVIRONMENT = Symbol('CACHE_ENVIRONMENT');
