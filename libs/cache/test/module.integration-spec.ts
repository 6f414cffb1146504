import type { TestingModule } from '@nestjs/testing';
import { eventually, freePort, TcpProxy } from '@profile/testing';
import { parseEnvironment } from '@profile/profile-domain';
import { createCache, Store } from 'cache-manager';
import type Redis from 'ioredis';
import { register } from 'prom-client';
import { z } from 'zod';
import { cacheEnvironmentFields } from '../src/lib/cache-environment';
import { PROFILE_CACHE_STORE } from '../src/lib/cache.module';
import { ProfileCache } from '../src/lib/profile-cache';
import { PROFILE_CACHE_METRIC } from '../src/lib/profile-cache-metrics';
import { REDIS_CLIENT } from '../src/lib/redis-client';
import { RedisFifoStore } from '../src/lib/redis-fifo-store';
import { RedisProfileCache } from '../src/lib/redis-profile-cache';
import {
  deleteNamespace,
  randomPrefix,
  redisNowMs,
  SHARED_REDIS_URL,
  whenReady,
} from './support/cache-fixture';
import { compileCacheModule } from './support/cache-module';

/** ProfileCacheModule configured from environment variables. */
const schema = z.object(cacheEnvironmentFields);

function compile(variables: Record<string, string>): Promise<TestingModule> {
  return compileCacheModule(parseEnvironment(schema, variables));
}

/** Remaining ms of `id`'s entry as Redis holds it: its expiry score against Redis's clock. */
async function heldTtl(redis: Redis, namespace: string, id: string): Promise<number> {
  const deadline = Number(await redis.zscore(`{${namespace}}:expires-at`, id));
  return deadline - (await redisNowMs(redis));
}

function expectAbout(actualMs: number, expectedMs: number): void {
  expect(actualMs).toBeGreaterThan(expectedMs - 5_000);
  expect(actualMs).toBeLessThanOrEqual(expectedMs);
}

describe('ProfileCacheModule', () => {
  let module: TestingModule | undefined;
  afterEach(async () => {
    await module?.close();
    module = undefined;
  });

  it('provides ProfileCache and the Store over one client, as the variables configure them', async () => {
    const prefix = randomPrefix();
    module = await compile({
      REDIS_URL: SHARED_REDIS_URL,
      CACHE_PREFIX: prefix,
      CACHE_MAX_ENTRIES: '2',
      CACHE_TTL_NEW_MS: '120000',
      CACHE_TTL_UPDATED_MS: '60000',
      // Any value shows the wiring; a long one keeps a busy machine from turning reads into BYPASS.
      CACHE_TIMEOUT_MS: '4000',
    });
    const redis = module.get<Redis>(REDIS_CLIENT);
    const cache = module.get(ProfileCache);
    const store = module.get<Store>(PROFILE_CACHE_STORE);
    await whenReady(redis);
    try {
      expect(redis.options.commandTimeout).toBe(4000);
      expect(cache).toBe(module.get(RedisProfileCache));
      expect(store).toBeInstanceOf(RedisFifoStore);
      expect((store as RedisFifoStore).client).toBe(redis);

      for (const id of ['a', 'b', 'c']) {
        await cache.getOrLoad(id, async () => ({ payload: id, version: 1 }));
      }
      await cache.writeThrough('d', 'd', 2);
      const generic = createCache(store);
      await generic.set('s', 'stored');

      const snapshot = await cache.entries();
      expect(snapshot).toMatchObject({ maxEntries: 2, size: 2 });
      expect(snapshot.entries.map((entry) => entry.id)).toEqual(['c', 'd']);
      expectAbout(await heldTtl(redis, prefix, 'c'), 120_000);
      expectAbout(await heldTtl(redis, prefix, 'd'), 60_000);
      // The Store has a namespace of its own: it never evicts profiles. Its default TTL is the read TTL.
      expectAbout(await heldTtl(redis, `${prefix}:store`, 's'), 120_000);
      await expect(generic.get('s')).resolves.toBe('stored');
      await expect(generic.store.keys()).resolves.toEqual(['s']);
      expect(register.getSingleMetric(PROFILE_CACHE_METRIC.hits)).toBeDefined();
    } finally {
      await deleteNamespace(redis, prefix);
      await deleteNamespace(redis, `${prefix}:store`);
    }

    await module.close();
    module = undefined;
    await eventually(async () => expect(redis.status).toBe('end'), 5_000);
  });

  it('starts once Redis is ready, and opens the circuit for timeouts only after Redis has answered on the connection', async () => {
    const proxy = await TcpProxy.start(Number(new URL(SHARED_REDIS_URL).port || 6379));
    const prefix = randomPrefix();
    const load = async () => ({ payload: 'a', version: 1 });
    try {
      module = await compile({
        REDIS_URL: proxy.url(SHARED_REDIS_URL),
        CACHE_PREFIX: prefix,
        CACHE_TIMEOUT_MS: '200',
      });
      const redis = module.get<Redis>(REDIS_CLIENT);
      const cache = module.get(ProfileCache);
      expect(redis.status).toBe('ready');

      // The connection answered its ready check, but no script yet: a slow first answer is no outage.
      proxy.freeze();
      for (let i = 0; i < 5; i++) {
        await expect(cache.getOrLoad('a', load)).resolves.toMatchObject({ outcome: 'BYPASS' });
      }
      proxy.thaw();
      await expect(cache.getOrLoad('a', load)).resolves.toMatchObject({ outcome: 'MISS' });
      await expect(cache.getOrLoad('a', load)).resolves.toMatchObject({ outcome: 'HIT' });

      // Once Redis has answered, three timeouts open the circuit: the next read does not wait.
      proxy.freeze();
      for (let i = 0; i < 3; i++) {
        await expect(cache.getOrLoad('a', load)).resolves.toMatchObject({ outcome: 'BYPASS' });
      }
      const started = performance.now();
      await expect(cache.getOrLoad('a', load)).resolves.toMatchObject({ outcome: 'BYPASS' });
      expect(performance.now() - started).toBeLessThan(100);
      const circuitOpen = register.getSingleMetric(PROFILE_CACHE_METRIC.circuitOpen)!;
      expect((await circuitOpen.get()).values).toEqual([expect.objectContaining({ value: 1 })]);
      proxy.thaw();
      await deleteNamespace(redis, prefix);
    } finally {
      await proxy.stop();
    }
  });

  it('starts without Redis, bypasses it, and shows the open circuit as a metric', async () => {
    module = await compile({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    const cache = module.get(ProfileCache);
    const circuitOpen = register.getSingleMetric(PROFILE_CACHE_METRIC.circuitOpen)!;

    for (let i = 0; i < 3; i++) {
      await expect(
        cache.getOrLoad('a', async () => ({ payload: 'a', version: 1 })),
      ).resolves.toMatchObject({ outcome: 'BYPASS' });
    }

    expect((await circuitOpen.get()).values).toEqual([expect.objectContaining({ value: 1 })]);
    await expect(createCache(module.get<Store>(PROFILE_CACHE_STORE)).get('a')).rejects.toThrow(
      'the circuit breaker is open',
    );
  });
});
