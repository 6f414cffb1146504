import type { TestingModule } from '@nestjs/testing';
import { parseEnvironment } from '@profile/profile-domain';
import type Redis from 'ioredis';
import { z } from 'zod';
import { cacheEnvironmentFields } from '../src/lib/cache-environment';
import { FifoKeys } from '../src/lib/fifo-keys';
import { ProfileCache } from '../src/lib/profile-cache';
import { REDIS_CLIENT } from '../src/lib/redis-client';
import { compileCacheModule } from './support/cache-module';
import { RedisServer } from './support/redis-server';

jest.setTimeout(120_000);

const MAX_MEMORY_BYTES = 3 * 1024 * 1024;
const MAX_ENTRIES = 100;
const PROFILES = 40_000;
/** Fewer than the capacity, so that a profile is still cached when it is read after its write. */
const AT_ONCE = 50;
const PAYLOAD = JSON.stringify({ bio: 'x'.repeat(600) });

async function info(redis: Redis, section: string, field: string): Promise<number> {
  const text = await redis.info(section);
  const match = new RegExp(`^${field}:(\\d+)`, 'm').exec(text);
  if (!match) throw new Error(`INFO ${section} has no ${field}`);
  return Number(match[1]);
}

/**
 * A private redis-server configured as production is (a small maxmemory here, volatile-lru): only
 * keys with a TTL (leases, fences, tombstones) may be evicted, never the FIFO's own keys, which have
 * none, so the cache stays whole and the count bound holds it; markers are what traffic adds.
 */
describe('the cache on a Redis with maxmemory 3mb and volatile-lru', () => {
  let server: RedisServer;
  let module: TestingModule;

  beforeAll(async () => {
    server = await RedisServer.start([
      '--maxmemory',
      String(MAX_MEMORY_BYTES),
      '--maxmemory-policy',
      'volatile-lru',
    ]);
    module = await compileCacheModule(
      parseEnvironment(z.object(cacheEnvironmentFields), {
        REDIS_URL: server.url,
        CACHE_MAX_ENTRIES: String(MAX_ENTRIES),
        // Generous: this is about memory, and a busy machine must not turn answers into BYPASS.
        CACHE_TIMEOUT_MS: '5000',
      }),
    );
  });

  afterAll(async () => {
    await module?.close();
    await server?.kill();
  });

  it('takes every write-through, invalidation and read of many distinct profiles, and memory stays bounded', async () => {
    const cache = module.get(ProfileCache);
    const redis = module.get<Redis>(REDIS_CLIENT);
    const outcomes = new Map<string, number>();
    const count = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);

    for (let first = 0; first < PROFILES; first += AT_ONCE) {
      const ids = Array.from({ length: AT_ONCE }, (_, index) => `profile-${first + index}`);
      await Promise.all(
        ids.map(async (id, index) => {
          count(`write ${await cache.writeThrough(id, PAYLOAD, 2)}`);
          if (index % 10 === 0) count(`invalidate ${await cache.invalidate(id)}`);
          const read = await cache.getOrLoad(id, async () => ({ payload: PAYLOAD, version: 2 }));
          count(`read ${read.outcome}`);
        }),
      );
    }

    const invalidations = PROFILES / 10;
    expect(Object.fromEntries(outcomes)).toEqual({
      'write applied': PROFILES,
      'invalidate applied': invalidations,
      'read HIT': PROFILES - invalidations,
      // A read after an invalidation misses, and the tombstone keeps it from being filled.
      'read MISS': invalidations,
    });
    expect(await info(redis, 'memory', 'used_memory')).toBeLessThanOrEqual(MAX_MEMORY_BYTES);
    // What stays of the markers expires within half a minute, whatever the entry TTLs (24 h here).
    const keys = new FifoKeys('profile-cache');
    const lastId = `profile-${PROFILES - 1}`;
    const fenceTtl = await redis.pttl(keys.fence(lastId));
    expect(fenceTtl).toBeGreaterThan(0);
    expect(fenceTtl).toBeLessThanOrEqual(30_000);
    const tombstoneTtl = await redis.pttl(keys.fence(`profile-${PROFILES - AT_ONCE}`));
    expect(tombstoneTtl).toBeGreaterThan(0);
    expect(tombstoneTtl).toBeLessThanOrEqual(30_000);
    // Redis had to make room, and did so from the markers: the FIFO is whole and full.
    expect(await info(redis, 'stats', 'evicted_keys')).toBeGreaterThan(0);
    const snapshot = await cache.entries();
    // Full but for the last round's invalidations, made after its writes.
    expect(snapshot.size).toBeGreaterThanOrEqual(MAX_ENTRIES - AT_ONCE / 10);
    const indexes = snapshot.entries.map((entry) => Number(entry.id.slice('profile-'.length)));
    expect(indexes.filter((index) => index % 10 === 0)).toEqual([]);
    expect(Math.min(...indexes)).toBeGreaterThanOrEqual(PROFILES - 3 * AT_ONCE);
    expect(snapshot.stats).toMatchObject({
      sets: PROFILES,
      invalidations,
      evictions: PROFILES - invalidations - snapshot.size,
    });
  });
});
