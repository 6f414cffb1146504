import { createCache } from 'cache-manager';
import Redis from 'ioredis';
import type { CacheRecord } from '../src/lib/profile-cache';
import { RedisFifoStore } from '../src/lib/redis-fifo-store';
import { CacheFixture } from './support/cache-fixture';
import { controlledLoader } from './support/controlled-loader';
import { CommandMonitor } from './support/command-monitor';
import { RedisServer } from './support/redis-server';

/**
 * What each operation sends to Redis, read from MONITOR on a private redis-server: the commands
 * from the cache's own connection between two markers.
 */
const fixture = new CacheFixture();
let server: RedisServer;
let monitor: CommandMonitor;

beforeAll(async () => {
  server = await RedisServer.start();
  monitor = await CommandMonitor.open(server.url);
});
afterEach(() => fixture.closeAll());
afterAll(async () => {
  monitor.close();
  await server.kill();
});

const record = (id: string, version = 1): CacheRecord => ({ payload: `${id}@${version}`, version });
const loaderOf = (value: CacheRecord | null) => async () => value;

describe('one round trip per operation', () => {
  it('runs each ProfileCache operation as one script: EVAL on its first use on a connection, EVALSHA after', async () => {
    const { cache, redis } = await fixture.open({ url: server.url, maxEntries: 2 });
    const sent = (action: () => Promise<unknown>) => monitor.commandsDuring(redis, action);

    // A miss that fills is two: the lookup before the loader runs and the fill after it.
    expect(await sent(() => cache.getOrLoad('a', loaderOf(record('a'))))).toEqual([
      'eval lookup',
      'eval fill',
    ]);
    expect(await sent(() => cache.getOrLoad('b', loaderOf(record('b'))))).toEqual([
      'evalsha lookup',
      'evalsha fill',
    ]);
    let read: unknown;
    expect(await sent(async () => (read = await cache.getOrLoad('a', loaderOf(null))))).toEqual([
      'evalsha lookup',
    ]);
    expect(read).toEqual({ outcome: 'HIT', record: record('a') });
    expect(await sent(() => cache.getOrLoad('absent', loaderOf(null)))).toEqual(['evalsha lookup']);
    // Writing a third entry into a cache of two evicts, in the same script.
    expect(await sent(() => cache.writeThrough('c', 'c@1', 1))).toEqual(['eval write']);
    expect(await sent(() => cache.writeThrough('c', 'c@2', 2))).toEqual(['evalsha write']);
    expect(await sent(() => cache.invalidate('c'))).toEqual(['eval remove']);
    expect(await sent(() => cache.invalidate('b'))).toEqual(['evalsha remove']);
    expect(await sent(() => cache.entries())).toEqual(['eval snapshot']);
    expect(await sent(() => cache.stats())).toEqual(['evalsha snapshot']);
    expect(await sent(() => cache.clear())).toEqual(['eval clear']);
    expect(await sent(() => cache.clear())).toEqual(['evalsha clear']);

    expect(await cache.stats()).toEqual({
      hits: 1,
      misses: 3,
      evictions: 1,
      expirations: 0,
      sets: 4,
      invalidations: 2,
    });
  });

  it('runs each Store operation, mget, mset and mdel included, as one script through cache-manager', async () => {
    const { fifo, breaker, redis } = await fixture.open({ url: server.url, maxEntries: 3 });
    const cache = createCache(new RedisFifoStore(fifo, breaker, { ttl: 60_000 }));
    await cache.set('warm', 1);
    await cache.get('warm');
    await cache.del('warm');
    await cache.store.keys();
    await cache.reset();
    const sent = (action: () => Promise<unknown>) => monitor.commandsDuring(redis, action);

    expect(await sent(() => cache.set('a', { n: 1 }))).toEqual(['evalsha write']);
    expect(await sent(() => cache.get('a'))).toEqual(['evalsha lookup']);
    expect(
      await sent(() =>
        cache.store.mset([
          ['b', 2],
          ['c', 3],
          ['d', 4],
        ]),
      ),
    ).toEqual(['evalsha write']);
    let values: unknown;
    expect(await sent(async () => (values = await cache.store.mget('a', 'b', 'c', 'd')))).toEqual([
      'evalsha lookup',
    ]);
    expect(values).toEqual([undefined, 2, 3, 4]);
    expect(await sent(() => cache.store.mdel('b', 'c'))).toEqual(['evalsha remove']);
    expect(await sent(() => cache.del('d'))).toEqual(['evalsha remove']);
    expect(await sent(() => cache.store.keys())).toEqual(['evalsha snapshot']);
    expect(await sent(() => cache.store.ttl('a'))).toEqual(['evalsha snapshot']);
    expect(await sent(() => cache.reset())).toEqual(['evalsha clear']);
    expect(await sent(() => cache.wrap('e', async () => 5))).toEqual([
      'evalsha lookup',
      'evalsha write',
    ]);
  });

  it('loads a script again after SCRIPT FLUSH and then runs each operation as one EVALSHA again', async () => {
    const { cache, redis } = await fixture.open({ url: server.url });
    await cache.getOrLoad('a', loaderOf(record('a')));
    await cache.writeThrough('b', 'b@2', 2);
    await cache.entries();
    const sent = (action: () => Promise<unknown>) => monitor.commandsDuring(redis, action);
    const admin = new Redis(server.url);
    await admin.script('FLUSH');
    admin.disconnect();

    let read: unknown;
    // The cached EVALSHA meets NOSCRIPT once per script; ioredis sends the script again as EVAL.
    expect(await sent(async () => (read = await cache.getOrLoad('a', loaderOf(null))))).toEqual([
      'evalsha lookup',
      'eval lookup',
    ]);
    expect(read).toEqual({ outcome: 'HIT', record: record('a') });
    expect(await sent(() => cache.getOrLoad('a', loaderOf(null)))).toEqual(['evalsha lookup']);
    expect(await sent(() => cache.writeThrough('b', 'b@3', 3))).toEqual([
      'evalsha write',
      'eval write',
    ]);
    expect(await sent(() => cache.writeThrough('b', 'b@4', 4))).toEqual(['evalsha write']);
    let snapshot: Awaited<ReturnType<typeof cache.entries>> | undefined;
    expect(await sent(async () => (snapshot = await cache.entries()))).toEqual([
      'evalsha snapshot',
      'eval snapshot',
    ]);
    expect(snapshot?.entries.map((entry) => `${entry.id}@${entry.version}`)).toEqual([
      'a@1',
      'b@4',
    ]);
    expect(await sent(() => cache.stats())).toEqual(['evalsha snapshot']);
  });

  it('keeps every key of a namespace under its hash tag, so the scripts run on Redis Cluster', async () => {
    const { cache, fifo, breaker, redis, prefix } = await fixture.open({
      url: server.url,
      maxEntries: 2,
    });
    const held = controlledLoader();
    const pending = cache.getOrLoad('b', held.loader);
    await held.called;
    await cache.getOrLoad('a', loaderOf(record('a')));
    await cache.writeThrough('c', 'c@1', 1);
    await cache.invalidate('a');
    await new RedisFifoStore(fifo, breaker).set('d', 1);

    const tag = `{${prefix}}`;
    expect((await redis.keys('*')).sort()).toEqual(
      [
        'counter',
        'expires-at',
        'fence:a',
        'fence:c',
        'inserted-at',
        'lease:b',
        'order',
        'payloads',
        'stats',
        'versions',
      ].map((name) => `${tag}:${name}`),
    );
    // Redis Cluster hashes only what is between the first { and the next }.
    expect(prefix).not.toMatch(/[{}]/);
    held.finish(null);
    await pending;
  });
});
