import { eventually } from '@profile/testing';
import type { CacheRecord } from '../src/lib/profile-cache';
import { CacheFixture, redisNowMs, TestCache } from './support/cache-fixture';

const fixture = new CacheFixture();
afterEach(() => fixture.closeAll());

const record = (id: string, version = 1): CacheRecord => ({
  payload: JSON.stringify({ id, version }),
  version,
});
const loaderOf = (value: CacheRecord | null) => jest.fn(async () => value);

async function fill(cache: TestCache['cache'], ...ids: string[]): Promise<void> {
  for (const id of ids) await cache.getOrLoad(id, loaderOf(record(id)));
}

async function order({ cache }: TestCache): Promise<string[]> {
  return (await cache.entries()).entries.map((entry) => `${entry.id}@${entry.version}`);
}

describe('RedisProfileCache on Redis', () => {
  it('loads and stores on a miss, then answers from the cache', async () => {
    const { cache } = await fixture.open();
    const loader = loaderOf(record('a'));

    await expect(cache.getOrLoad('a', loader)).resolves.toEqual({
      outcome: 'MISS',
      record: record('a'),
    });
    await expect(cache.getOrLoad('a', loader)).resolves.toEqual({
      outcome: 'HIT',
      record: record('a'),
    });

    expect(loader).toHaveBeenCalledTimes(1);
    await expect(cache.stats()).resolves.toEqual({
      hits: 1,
      misses: 1,
      evictions: 0,
      expirations: 0,
      sets: 1,
      invalidations: 0,
    });
  });

  it('stores nothing when the loader finds nothing', async () => {
    const { cache } = await fixture.open();
    const loader = loaderOf(null);

    await expect(cache.getOrLoad('gone', loader)).resolves.toEqual({
      outcome: 'MISS',
      record: null,
    });
    await expect(cache.getOrLoad('gone', loader)).resolves.toEqual({
      outcome: 'MISS',
      record: null,
    });

    expect(loader).toHaveBeenCalledTimes(2);
    expect((await cache.entries()).size).toBe(0);
  });

  it('evicts the entry inserted first; a hit does not move an entry', async () => {
    const opened = await fixture.open({ maxEntries: 3 });
    await fill(opened.cache, 'a', 'b', 'c');
    await expect(opened.cache.getOrLoad('a', loaderOf(null))).resolves.toMatchObject({
      outcome: 'HIT',
    });

    await fill(opened.cache, 'd');

    expect(await order(opened)).toEqual(['b@1', 'c@1', 'd@1']);
    expect(await opened.cache.stats()).toMatchObject({ evictions: 1, sets: 4 });
  });

  it('puts a write-through at the tail, cached before or not', async () => {
    const opened = await fixture.open({ maxEntries: 3 });
    await fill(opened.cache, 'a', 'b', 'c');

    await expect(opened.cache.writeThrough('a', 'a v2', 2)).resolves.toBe('applied');
    expect(await order(opened)).toEqual(['b@1', 'c@1', 'a@2']);

    await expect(opened.cache.writeThrough('e', 'e v7', 7)).resolves.toBe('applied');
    expect(await order(opened)).toEqual(['c@1', 'a@2', 'e@7']);
    expect(await opened.cache.stats()).toMatchObject({ evictions: 1, sets: 5 });
  });

  it('keeps TTLs in milliseconds: the read-fill TTL and the shorter write-through TTL', async () => {
    const newMs = 90_000;
    const updatedMs = 30_000;
    const opened = await fixture.open({ ttls: { newMs, updatedMs } });
    await fill(opened.cache, 'read');
    await opened.cache.writeThrough('written', 'payload', 1);

    const { entries } = await opened.cache.entries();
    const lifetimes = entries.map(
      (entry) => Date.parse(entry.expiresAt) - Date.parse(entry.insertedAt),
    );
    expect(lifetimes).toEqual([newMs, updatedMs]);

    // The deadline Redis itself holds, against Redis's clock.
    const now = await redisNowMs(opened.redis);
    const deadline = Number(await opened.redis.zscore(opened.fifo.keys.expiresAt, 'written'));
    expect(deadline - now).toBeGreaterThan(updatedMs - 5_000);
    expect(deadline - now).toBeLessThanOrEqual(updatedMs);
  });

  it('expires entries after their TTL and counts expirations apart from evictions', async () => {
    const opened = await fixture.open({ ttls: { newMs: 200, updatedMs: 200 } });
    await fill(opened.cache, 'a', 'b');

    await eventually(async () => expect((await opened.cache.entries()).size).toBe(0), 5_000);

    expect(await opened.cache.stats()).toMatchObject({ expirations: 2, evictions: 0 });
    await expect(opened.cache.getOrLoad('a', loaderOf(record('a')))).resolves.toMatchObject({
      outcome: 'MISS',
    });
  });

  it('reports each entry oldest first with its key, version and ISO times', async () => {
    const opened = await fixture.open({ maxEntries: 4 });
    await fill(opened.cache, 'x');
    await opened.cache.writeThrough('y', 'y v3', 3);

    const snapshot = await opened.cache.entries();

    expect(snapshot).toMatchObject({ maxEntries: 4, size: 2 });
    expect(snapshot.entries).toEqual([
      {
        key: `{${opened.prefix}}:payloads#x`,
        id: 'x',
        version: 1,
        insertedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      },
      expect.objectContaining({ id: 'y', version: 3 }),
    ]);
    await expect(opened.redis.hget(`{${opened.prefix}}:payloads`, 'y')).resolves.toBe('y v3');
  });

  it('never replaces a newer version with an older write', async () => {
    const opened = await fixture.open();

    await expect(opened.cache.writeThrough('a', 'v3', 3)).resolves.toBe('applied');
    await expect(opened.cache.writeThrough('a', 'v2', 2)).resolves.toBe('superseded');
    await expect(opened.cache.writeThrough('a', 'v3 again', 3)).resolves.toBe('superseded');
    await expect(opened.cache.getOrLoad('a', loaderOf(null))).resolves.toEqual({
      outcome: 'HIT',
      record: { payload: 'v3', version: 3 },
    });
    await expect(opened.cache.writeThrough('a', 'v4', 4)).resolves.toBe('applied');
    expect(await order(opened)).toEqual(['a@4']);
  });

  it('remembers the newest version written after the entry is evicted', async () => {
    const opened = await fixture.open({ maxEntries: 2 });
    await opened.cache.writeThrough('a', 'v3', 3);
    await fill(opened.cache, 'b', 'c');

    await expect(opened.cache.writeThrough('a', 'v2', 2)).resolves.toBe('superseded');

    expect(await order(opened)).toEqual(['b@1', 'c@1']);
  });

  it('removes an entry on invalidation and leaves a tombstone whose TTL Redis holds in ms', async () => {
    const markerMs = 600_000;
    const opened = await fixture.open({ ttls: { markerMs } });
    await fill(opened.cache, 'a');

    await expect(opened.cache.invalidate('a')).resolves.toBe('applied');

    expect((await opened.cache.entries()).size).toBe(0);
    expect(await opened.cache.stats()).toMatchObject({ invalidations: 1, evictions: 0 });
    const fence = opened.fifo.keys.fence('a');
    await expect(opened.redis.get(fence)).resolves.toBe('deleted');
    const pttl = await opened.redis.pttl(fence);
    expect(pttl).toBeGreaterThan(markerMs - 5_000);
    expect(pttl).toBeLessThanOrEqual(markerMs);
  });

  it('refuses to cache a deleted profile again while its tombstone stands', async () => {
    const opened = await fixture.open();
    await opened.cache.invalidate('a');

    await expect(opened.cache.writeThrough('a', 'late write', 9)).resolves.toBe('superseded');
    const loader = loaderOf(record('a'));
    await expect(opened.cache.getOrLoad('a', loader)).resolves.toMatchObject({ outcome: 'MISS' });
    await expect(opened.cache.getOrLoad('a', loader)).resolves.toMatchObject({ outcome: 'MISS' });
    expect(loader).toHaveBeenCalledTimes(2);
    expect((await opened.cache.entries()).size).toBe(0);
  });

  it('lets a tombstone expire, so it cannot block a later re-creation forever', async () => {
    const opened = await fixture.open({ ttls: { markerMs: 200 } });
    await opened.cache.invalidate('a');
    await expect(opened.cache.writeThrough('a', 'v1', 1)).resolves.toBe('superseded');

    await eventually(
      async () => expect(await opened.redis.exists(opened.fifo.keys.fence('a'))).toBe(0),
      5_000,
    );

    await expect(opened.cache.writeThrough('a', 'v2', 2)).resolves.toBe('applied');
  });

  it('gives a miss a lease that Redis expires in ms', async () => {
    const leaseMs = 7_000;
    const opened = await fixture.open({ ttls: { leaseMs } });
    let releaseLoader: (value: CacheRecord) => void = () => undefined;
    const read = opened.cache.getOrLoad(
      'a',
      () => new Promise<CacheRecord>((resolve) => (releaseLoader = resolve)),
    );

    await eventually(
      async () => expect(await opened.redis.exists(opened.fifo.keys.lease('a'))).toBe(1),
      2_000,
    );
    const pttl = await opened.redis.pttl(opened.fifo.keys.lease('a'));
    expect(pttl).toBeGreaterThan(leaseMs - 5_000);
    expect(pttl).toBeLessThanOrEqual(leaseMs);

    releaseLoader(record('a'));
    await read;
    await expect(opened.redis.exists(opened.fifo.keys.lease('a'))).resolves.toBe(0);
  });

  it('empties the cache on clear and keeps the global stats', async () => {
    const opened = await fixture.open();
    await fill(opened.cache, 'a', 'b');
    await opened.cache.getOrLoad('a', loaderOf(null));
    const before = await opened.cache.stats();

    await opened.cache.clear();

    const after = await opened.cache.entries();
    expect(after).toMatchObject({ size: 0, entries: [], stats: before });
    await fill(opened.cache, 'a');
    expect(await order(opened)).toEqual(['a@1']);
  });
});
