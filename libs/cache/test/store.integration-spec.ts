import { eventually, freePort } from '@profile/testing';
import { Cache, caching, createCache, ErrorEvent } from 'cache-manager';
import { NoCacheableError, redisInsStore } from 'cache-manager-ioredis-yet';
import Redis from 'ioredis';
import { CacheUnavailableError } from '../src/lib/cache-unavailable.error';
import { RedisFifoStore, RedisFifoStoreConfig, redisFifoStore } from '../src/lib/redis-fifo-store';
import { CacheFixture, redisNowMs, TestCacheOptions } from './support/cache-fixture';
import { RedisServer } from './support/redis-server';

/**
 * The cache-manager v5 Store, driven through cache-manager's own API (`createCache`) against a
 * private redis-server, and side by side with cache-manager-ioredis-yet's store.
 */
const fixture = new CacheFixture();
let server: RedisServer;

beforeAll(async () => {
  server = await RedisServer.start();
});
afterEach(() => fixture.closeAll());
afterAll(() => server.kill());

async function openStore(config: RedisFifoStoreConfig = {}, options: TestCacheOptions = {}) {
  const opened = await fixture.open({ url: server.url, ...options });
  const store = new RedisFifoStore(opened.fifo, opened.breaker, config);
  return { ...opened, store, cache: createCache(store) };
}

/** What Redis holds as the entry's remaining lifetime: its expiry score against Redis's clock. */
async function heldTtl(redis: Redis, expiresAtKey: string, key: string): Promise<number> {
  const deadline = Number(await redis.zscore(expiresAtKey, key));
  return deadline - (await redisNowMs(redis));
}

describe('RedisFifoStore through cache-manager', () => {
  it('stores, reads and deletes JSON values', async () => {
    const { cache } = await openStore();

    await cache.set('object', { name: 'Ada', tags: ['x'] });
    await cache.set('number', 42);
    await cache.set('text', 'plain');

    await expect(cache.get('object')).resolves.toEqual({ name: 'Ada', tags: ['x'] });
    await expect(cache.get('number')).resolves.toBe(42);
    await expect(cache.get('text')).resolves.toBe('plain');
    await expect(cache.get('absent')).resolves.toBeUndefined();
    await cache.del('object');
    await expect(cache.get('object')).resolves.toBeUndefined();
  });

  it('keeps TTLs in milliseconds: what Redis holds and what ttl() answers', async () => {
    const { cache, redis, fifo } = await openStore({ ttl: 60_000 });

    await cache.set('given', 'v', 90_000);
    await cache.set('default', 'v');
    await cache.set('forever', 'v', 0);
    await cache.store.mset(
      [
        ['m1', 1],
        ['m2', 2],
      ],
      30_000,
    );

    for (const [key, ttlMs] of [
      ['given', 90_000],
      ['default', 60_000],
      ['m1', 30_000],
      ['m2', 30_000],
    ] as const) {
      const held = await heldTtl(redis, fifo.keys.expiresAt, key);
      expect(held).toBeGreaterThan(ttlMs - 5_000);
      expect(held).toBeLessThanOrEqual(ttlMs);
      const answered = await cache.store.ttl(key);
      expect(answered).toBeGreaterThan(ttlMs - 5_000);
      expect(answered).toBeLessThanOrEqual(ttlMs);
    }
    await expect(redis.zscore(fifo.keys.expiresAt, 'forever')).resolves.toBe('inf');
    await expect(cache.store.ttl('forever')).resolves.toBe(-1);
    await expect(cache.store.ttl('absent')).resolves.toBe(-2);
  });

  it('refuses a TTL that is not a whole number of milliseconds', async () => {
    const { cache } = await openStore();

    await expect(cache.set('k', 'v', 1.5)).rejects.toBeInstanceOf(RangeError);
    await expect(cache.set('k', 'v', -1)).rejects.toBeInstanceOf(RangeError);
    await expect(cache.get('k')).resolves.toBeUndefined();
  });

  it('expires an entry once its TTL has passed by Redis clock', async () => {
    const { cache, fifo } = await openStore();
    await cache.set('short', 'v', 150);
    await cache.set('long', 'v', 600_000);

    await eventually(async () => expect(await cache.get('short')).toBeUndefined(), 5_000);

    await expect(cache.get('long')).resolves.toBe('v');
    expect((await fifo.snapshot(false)).stats).toMatchObject({ expirations: 1, evictions: 0 });
  });

  it('is a bounded FIFO: a set beyond maxEntries evicts the key set first', async () => {
    const { cache, fifo } = await openStore({}, { maxEntries: 3 });
    await cache.store.mset([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    await expect(cache.get('a')).resolves.toBe(1);

    await cache.set('d', 4);

    await expect(cache.store.keys()).resolves.toEqual(['b', 'c', 'd']);
    await expect(cache.store.mget('a', 'b', 'd')).resolves.toEqual([undefined, 2, 4]);
    expect((await fifo.snapshot(false)).stats).toMatchObject({ evictions: 1, sets: 4 });
  });

  it('lists keys oldest first, filtered by a glob', async () => {
    const { cache } = await openStore();
    for (const key of ['user:2', 'user:10', 'team:1', 'user:3']) await cache.set(key, key);

    await expect(cache.store.keys()).resolves.toEqual(['user:2', 'user:10', 'team:1', 'user:3']);
    await expect(cache.store.keys('user:*')).resolves.toEqual(['user:2', 'user:10', 'user:3']);
    await expect(cache.store.keys('user:?')).resolves.toEqual(['user:2', 'user:3']);
    await expect(cache.store.keys('[t]*')).resolves.toEqual(['team:1']);
    await expect(cache.store.keys('user:[^1]*')).resolves.toEqual(['user:2', 'user:3']);
    await expect(cache.store.keys('user:[0-2]?')).resolves.toEqual(['user:10']);
  });

  it('resets only its own namespace', async () => {
    const { cache, redis } = await openStore();
    await cache.set('a', 1);
    await redis.set('outside', 'x');

    await cache.reset();

    await expect(cache.store.keys()).resolves.toEqual([]);
    await expect(redis.get('outside')).resolves.toBe('x');
    await redis.del('outside');
  });

  it('refuses null and undefined with NoCacheableError, and an mset with one of them stores nothing', async () => {
    const { cache } = await openStore();

    await expect(cache.set('k', null)).rejects.toBeInstanceOf(NoCacheableError);
    await expect(cache.set('k', undefined)).rejects.toBeInstanceOf(NoCacheableError);
    await expect(
      cache.store.mset([
        ['a', 1],
        ['b', undefined],
      ]),
    ).rejects.toBeInstanceOf(NoCacheableError);
    await expect(cache.store.keys()).resolves.toEqual([]);
  });

  it('merges concurrent wraps of one key into one load and caches its result', async () => {
    const { cache } = await openStore({ ttl: 60_000 });
    const load = jest.fn(async () => ({ loaded: true }));

    const results = await Promise.all([1, 2, 3].map(() => cache.wrap('w', load)));

    expect(results).toEqual([{ loaded: true }, { loaded: true }, { loaded: true }]);
    expect(load).toHaveBeenCalledTimes(1);
    await expect(cache.wrap('w', load)).resolves.toEqual({ loaded: true });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('rejects with CacheUnavailableError while Redis is away, and wrap works around it', async () => {
    const unreachable = `redis://127.0.0.1:${await freePort()}`;
    const { cache } = await openStore({}, { url: unreachable, ready: false });
    const errors: ErrorEvent<unknown>[] = [];
    cache.on('error', (event) => errors.push(event));

    await expect(cache.get('k')).rejects.toBeInstanceOf(CacheUnavailableError);
    await expect(cache.wrap('k', async () => 'computed')).resolves.toBe('computed');
    expect(errors.map((event) => event.operation)).toEqual(['get', 'set']);
    expect(errors.every((event) => event.error instanceof CacheUnavailableError)).toBe(true);
  });

  it('is made on any ioredis client by redisFifoStore, as redisInsStore does, for caching()', async () => {
    const { redis, prefix } = await fixture.open({ url: server.url });
    const cache = await caching(redisFifoStore(redis, { prefix, maxEntries: 2, ttl: 45_000 }));

    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.set('c', 3);

    expect(cache.store.client).toBe(redis);
    await expect(cache.store.keys()).resolves.toEqual(['b', 'c']);
    const ttl = await cache.store.ttl('c');
    expect(ttl).toBeGreaterThan(40_000);
    expect(ttl).toBeLessThanOrEqual(45_000);
  });

  it('answers the calls cache-manager-ioredis-yet answers, and the same way', async () => {
    const { cache } = await openStore();
    // ioredis-yet's reset is FLUSHDB: it gets a database of its own on the private server.
    const client = new Redis(`${server.url}/1`);
    try {
      const reference = createCache(redisInsStore(client));

      expect(await transcript(cache)).toEqual(await transcript(reference));
    } finally {
      client.disconnect();
    }
  });
});

/** The same cache-manager calls, with what each answered (TTLs as ranges, rejections by name). */
async function transcript(cache: Cache): Promise<unknown[]> {
  const answers: unknown[] = [];
  const record = (answer: unknown) => answers.push(answer);
  // NoCacheableError is not an Error subclass, but it has a name.
  const rejection = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (error: { name?: unknown }) => error.name,
    );
  const withinTtl = async (key: string, ttlMs: number) => {
    const remaining = await cache.store.ttl(key);
    return remaining > ttlMs - 5_000 && remaining <= ttlMs;
  };

  await cache.set('a', { x: 1, list: [1, 'two', null] });
  record(await cache.get('a'));
  record(await cache.get('absent'));
  await cache.set('b', 'bee', 5_000);
  record(await withinTtl('b', 5_000));
  record(await cache.store.ttl('a'));
  record(await cache.store.ttl('absent'));
  await cache.store.mset(
    [
      ['c', 3],
      ['d', true],
    ],
    5_000,
  );
  record(await withinTtl('d', 5_000));
  record(await cache.store.mget('a', 'c', 'd', 'absent'));
  record((await cache.store.keys()).sort());
  record((await cache.store.keys('[cd]')).sort());
  await cache.del('a');
  record(await cache.get('a'));
  await cache.store.mdel('c', 'd');
  record(await cache.store.mget('c', 'd'));
  record(await rejection(cache.set('n', null)));
  record(await cache.wrap('w', async () => 'wrapped'));
  record(await cache.get('w'));
  await cache.reset();
  record(await cache.store.keys());
  return answers;
}
