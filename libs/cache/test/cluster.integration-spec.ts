import type { TestingModule } from '@nestjs/testing';
import { eventually } from '@profile/testing';
import { parseEnvironment } from '@profile/profile-domain';
import { createCache, Store } from 'cache-manager';
import { Cluster } from 'ioredis';
import { z } from 'zod';
import { cacheEnvironmentFields } from '../src/lib/cache-environment';
import { PROFILE_CACHE_STORE } from '../src/lib/cache.module';
import { ProfileCache } from '../src/lib/profile-cache';
import { REDIS_CLIENT, type RedisClient } from '../src/lib/redis-client';
import { RedisHealthCheck } from '../src/lib/redis-health.check';
import { randomPrefix } from './support/cache-fixture';
import { compileCacheModule } from './support/cache-module';
import { RedisCluster } from './support/redis-cluster';

/**
 * The cache on a Redis Cluster of three primaries (REDIS_MODE=cluster), as k8s/production runs it:
 * the client finds every node from the one REDIS_URL names, with that URL's password, and each
 * namespace's scripts run on the primary of its hash tag's slot.
 */
describe('the cache on a Redis Cluster', () => {
  const password = 'cluster-test-password';
  let cluster: RedisCluster;
  let module: TestingModule | undefined;

  beforeAll(async () => {
    cluster = await RedisCluster.start(3, password);
  }, 60_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  afterEach(async () => {
    await module?.close();
    module = undefined;
  });

  /** The module as the api builds it, on a prefix whose slot another node than the URL's holds. */
  async function compile(): Promise<{ prefix: string; owner: number; redis: RedisClient }> {
    let prefix = randomPrefix();
    while ((await cluster.ownerOf(`{${prefix}}`)) === cluster.ports[0]) prefix = randomPrefix();
    const environment = parseEnvironment(z.object(cacheEnvironmentFields), {
      REDIS_URL: cluster.url(cluster.ports[0]),
      REDIS_MODE: 'cluster',
      CACHE_PREFIX: prefix,
      CACHE_MAX_ENTRIES: '2',
      CACHE_TIMEOUT_MS: '2000',
    });
    module = await compileCacheModule(environment);
    const redis = module.get<RedisClient>(REDIS_CLIENT);
    await eventually(async () => expect(redis.status).toBe('ready'));
    return { prefix, owner: await cluster.ownerOf(`{${prefix}}`), redis };
  }

  it('keeps the FIFO on the primary of its slot, found through another node', async () => {
    const { prefix, owner, redis } = await compile();
    expect(redis).toBeInstanceOf(Cluster);
    const cache = module!.get(ProfileCache);

    const loaded = (id: string) => async () => ({ payload: `payload ${id}`, version: 1 });
    for (const id of ['a', 'b', 'c'])
      expect((await cache.getOrLoad(id, loaded(id))).outcome).toBe('MISS');
    // Two entries at most: the oldest went first.
    expect(await cache.getOrLoad('c', loaded('other'))).toEqual({
      outcome: 'HIT',
      record: { payload: 'payload c', version: 1 },
    });
    expect((await cache.getOrLoad('a', loaded('a'))).outcome).toBe('MISS');
    expect((await cache.entries()).entries.map((entry) => entry.id)).toEqual(['c', 'a']);

    // Every key of the namespace is on the owner of its hash tag's slot, none anywhere else.
    const keysOn = async (port: number) =>
      (await cluster.ask(port, '--scan', '--pattern', `{${prefix}}*`)).split('\n').filter(Boolean);
    expect((await keysOn(owner)).length).toBeGreaterThan(0);
    for (const port of cluster.ports.filter((other) => other !== owner))
      expect(await keysOn(port)).toEqual([]);

    await expect(module!.get(RedisHealthCheck).check()).resolves.toBeUndefined();
  });

  it('serves the generic Store on its own slot', async () => {
    await compile();
    const generic = createCache(module!.get<Store>(PROFILE_CACHE_STORE));
    await generic.store.mset([
      ['one', 1],
      ['two', { nested: true }],
    ]);
    expect(await generic.store.mget('one', 'two', 'missing')).toEqual([
      1,
      { nested: true },
      undefined,
    ]);
  });

  it('bypasses the cache while the primary of its slot is down, and uses it again once it is back', async () => {
    const { owner } = await compile();
    const cache = module!.get(ProfileCache);
    const record = { payload: 'from the database', version: 1 };
    const load = async () => record;
    await cache.getOrLoad('x', load);
    expect(await cache.getOrLoad('x', load)).toEqual({ outcome: 'HIT', record });

    await cluster.kill(owner);
    try {
      const started = Date.now();
      await eventually(async () =>
        expect(await cache.getOrLoad('x', load)).toEqual({ outcome: 'BYPASS', record }),
      );
      // The reads were answered from the loader within the command timeout, never held by Redis.
      expect(Date.now() - started).toBeLessThan(10_000);
      // Once the other nodes see it gone (cluster-node-timeout), the cluster reports itself down.
      await eventually(() =>
        expect(module!.get(RedisHealthCheck).check()).rejects.toThrow(
          "the Redis Cluster's state is fail",
        ),
      );
    } finally {
      await cluster.launch(owner);
      await cluster.whenHealthy();
    }

    // The node came back empty (no persistence): a miss fills it again, then it hits.
    await eventually(
      async () => expect(await cache.getOrLoad('x', load)).toEqual({ outcome: 'HIT', record }),
      30_000,
    );
  }, 90_000);
});
