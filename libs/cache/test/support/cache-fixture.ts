import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Test } from '@nestjs/testing';
import type Redis from 'ioredis';
import { CircuitBreaker, CircuitBreakerOptions } from '../../src/lib/circuit-breaker';
import {
  ProfileCacheMetrics,
  profileCacheMetricProviders,
} from '../../src/lib/profile-cache-metrics';
import type { ProfileCacheTtls } from '../../src/lib/profile-cache-settings';
import { closeRedisClient, createRedisClient } from '../../src/lib/redis-client';
import { RedisFifo } from '../../src/lib/redis-fifo';
import { RedisProfileCache } from '../../src/lib/redis-profile-cache';

export const SHARED_REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface TestCacheOptions {
  url?: string;
  prefix?: string;
  maxEntries?: number;
  ttls?: Partial<ProfileCacheTtls>;
  breaker?: Partial<CircuitBreakerOptions>;
  /** Generous by default so a busy machine does not turn a semantic test into a BYPASS. */
  timeoutMs?: number;
  /** Whether to wait for the connection before handing the cache out. */
  ready?: boolean;
  /** The process's metrics; by default the ones the Nest module registers in the default registry. */
  metrics?: ProfileCacheMetrics;
  /** Builds the FIFO, e.g. one that records its calls. */
  fifo?: (redis: Redis, prefix: string, maxEntries: number) => RedisFifo;
}

export interface TestCache {
  cache: RedisProfileCache;
  fifo: RedisFifo;
  redis: Redis;
  breaker: CircuitBreaker;
  prefix: string;
}

const HOUR_MS = 3_600_000;

let defaultMetrics: Promise<ProfileCacheMetrics> | undefined;

/** The cache metrics in prom-client's default registry, as the Nest module provides them. */
export function testMetrics(): Promise<ProfileCacheMetrics> {
  defaultMetrics ??= Test.createTestingModule({
    providers: [...profileCacheMetricProviders, ProfileCacheMetrics],
  })
    .compile()
    .then((module) => module.get(ProfileCacheMetrics));
  return defaultMetrics;
}

export function randomPrefix(): string {
  return `test-cache-${randomUUID().slice(0, 8)}`;
}

/** Opens caches on their own key prefixes and removes their keys and connections afterwards. */
export class CacheFixture {
  private readonly opened: TestCache[] = [];

  async open(options: TestCacheOptions = {}): Promise<TestCache> {
    const prefix = options.prefix ?? randomPrefix();
    const redis = createRedisClient({
      url: options.url ?? SHARED_REDIS_URL,
      commandTimeoutMs: options.timeoutMs ?? 2_000,
    });
    const breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 1_000, ...options.breaker });
    const makeFifo = options.fifo ?? ((...args) => new RedisFifo(...args));
    const fifo = makeFifo(redis, prefix, options.maxEntries ?? 10);
    const metrics = options.metrics ?? (await testMetrics());
    const cache = new RedisProfileCache(fifo, breaker, metrics, {
      newMs: 24 * HOUR_MS,
      updatedMs: HOUR_MS,
      leaseMs: 10_000,
      markerMs: 24 * HOUR_MS,
      ...options.ttls,
    });
    const opened = { cache, fifo, redis, breaker, prefix };
    this.opened.push(opened);
    if (options.ready ?? true) await whenReady(redis);
    return opened;
  }

  async closeAll(): Promise<void> {
    const opened = this.opened.splice(0);
    for (const { redis, prefix } of opened) {
      if (redis.status === 'ready') await deleteNamespace(redis, prefix);
    }
    await Promise.all(opened.map(({ redis }) => closeRedisClient(redis)));
  }
}

/** Redis's clock, as the scripts read it, in ms since the epoch. */
export async function redisNowMs(redis: Redis): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

export async function whenReady(redis: Redis): Promise<void> {
  if (redis.status !== 'ready') await once(redis, 'ready');
}

/** Deletes every key of the namespace `prefix`. */
export async function deleteNamespace(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `{${prefix}}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
