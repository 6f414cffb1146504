import { eventually } from '@profile/testing';
import type { CacheRecord } from '../src/lib/profile-cache';
import { CacheFixture, TestCache } from './support/cache-fixture';
import { controlledLoader } from './support/controlled-loader';

/**
 * Each race is played in a fixed order: a read misses and its loader is held, something else
 * happens, then the loader finishes. The cache must never end up holding what the held loader read.
 */
const fixture = new CacheFixture();
afterEach(() => fixture.closeAll());

const v = (version: number): CacheRecord => ({ payload: `v${version}`, version });

async function cached({ cache }: TestCache): Promise<string[]> {
  return (await cache.entries()).entries.map((entry) => `${entry.id}@${entry.version}`);
}

describe('RedisProfileCache races', () => {
  it('drops a fill whose miss came before a write-through', async () => {
    const opened = await fixture.open();
    const held = controlledLoader();
    const read = opened.cache.getOrLoad('a', held.loader);
    await held.called;

    await expect(opened.cache.writeThrough('a', 'v2', 2)).resolves.toBe('applied');
    held.finish(v(1));

    await expect(read).resolves.toEqual({ outcome: 'MISS', record: v(1) });
    expect(await cached(opened)).toEqual(['a@2']);
    expect(await opened.cache.stats()).toMatchObject({ sets: 1 });
  });

  it('drops a fill whose miss came before a write-through by another process', async () => {
    const reader = await fixture.open();
    const writer = await fixture.open({ prefix: reader.prefix });
    const held = controlledLoader();
    const read = reader.cache.getOrLoad('a', held.loader);
    await held.called;

    await expect(writer.cache.writeThrough('a', 'v2', 2)).resolves.toBe('applied');
    held.finish(v(1));

    await expect(read).resolves.toEqual({ outcome: 'MISS', record: v(1) });
    expect(await cached(reader)).toEqual(['a@2']);
  });

  it('drops a fill whose loader outlived its lease', async () => {
    const opened = await fixture.open({ ttls: { leaseMs: 100 } });
    const held = controlledLoader();
    const read = opened.cache.getOrLoad('a', held.loader);
    await held.called;

    await eventually(
      async () => expect(await opened.redis.exists(opened.fifo.keys.lease('a'))).toBe(0),
      5_000,
    );
    held.finish(v(1));

    await expect(read).resolves.toEqual({ outcome: 'MISS', record: v(1) });
    expect(await cached(opened)).toEqual([]);
  });

  it('drops a fill whose miss came before an invalidation', async () => {
    const opened = await fixture.open();
    const held = controlledLoader();
    const read = opened.cache.getOrLoad('a', held.loader);
    await held.called;

    await opened.cache.invalidate('a');
    held.finish(v(1));

    await expect(read).resolves.toEqual({ outcome: 'MISS', record: v(1) });
    expect(await cached(opened)).toEqual([]);
  });

  it('refuses a write-through that began before a delete', async () => {
    const opened = await fixture.open();
    await opened.cache.writeThrough('a', 'v1', 1);

    await opened.cache.invalidate('a');

    await expect(opened.cache.writeThrough('a', 'v2', 2)).resolves.toBe('superseded');
    expect(await cached(opened)).toEqual([]);
  });

  it('keeps the newer version when write-throughs arrive out of order', async () => {
    const opened = await fixture.open();

    await opened.cache.writeThrough('a', 'v3', 3);
    await expect(opened.cache.writeThrough('a', 'v2', 2)).resolves.toBe('superseded');

    expect(await cached(opened)).toEqual(['a@3']);
  });

  it('drops a fill that lost to a newer write even after that write was evicted', async () => {
    const opened = await fixture.open({ maxEntries: 1 });
    const held = controlledLoader();
    const stale = opened.cache.getOrLoad('a', held.loader);
    await held.called;
    await opened.cache.writeThrough('a', 'v2', 2);
    await opened.cache.writeThrough('b', 'v1', 1);

    held.finish(v(1));

    await expect(stale).resolves.toEqual({ outcome: 'MISS', record: v(1) });
    expect(await cached(opened)).toEqual(['b@1']);
  });

  it('does not hand a load that began before a write to a miss that came after it', async () => {
    const opened = await fixture.open({ maxEntries: 1 });
    const before = controlledLoader();
    const early = opened.cache.getOrLoad('a', before.loader);
    await before.called;
    await opened.cache.writeThrough('a', 'v2', 2);
    await opened.cache.writeThrough('b', 'v1', 1);

    const after = jest.fn(async () => v(2));
    await expect(opened.cache.getOrLoad('a', after)).resolves.toEqual({
      outcome: 'MISS',
      record: v(2),
    });
    before.finish(v(1));

    await expect(early).resolves.toEqual({ outcome: 'MISS', record: v(1) });
    expect(after).toHaveBeenCalledTimes(1);
    expect(await cached(opened)).toEqual(['a@2']);
  });

  it('merges concurrent misses in one process into one load, each counted and answered as a miss', async () => {
    const opened = await fixture.open();
    const held = controlledLoader();
    const reads = Array.from({ length: 5 }, () => opened.cache.getOrLoad('a', held.loader));
    await held.called;
    await expect(opened.cache.stats()).resolves.toMatchObject({ misses: 5 });

    held.finish(v(1));

    await expect(Promise.all(reads)).resolves.toEqual(
      Array.from({ length: 5 }, () => ({ outcome: 'MISS', record: v(1) })),
    );
    expect(held.loader).toHaveBeenCalledTimes(1);
    expect(await opened.cache.stats()).toMatchObject({ misses: 5, hits: 0, sets: 1 });
  });

  it('shares one lease between processes: the first fill is stored, the second dropped', async () => {
    const first = await fixture.open();
    const second = await fixture.open({ prefix: first.prefix });
    const firstLoad = controlledLoader();
    const secondLoad = controlledLoader();
    const firstRead = first.cache.getOrLoad('a', firstLoad.loader);
    await firstLoad.called;
    const secondRead = second.cache.getOrLoad('a', secondLoad.loader);
    await secondLoad.called;

    secondLoad.finish(v(1));
    await expect(secondRead).resolves.toEqual({ outcome: 'MISS', record: v(1) });
    firstLoad.finish(v(1));
    await expect(firstRead).resolves.toEqual({ outcome: 'MISS', record: v(1) });

    expect(await cached(first)).toEqual(['a@1']);
    expect(await first.cache.stats()).toMatchObject({ misses: 2, sets: 1 });
  });

  it('hands a loader failure to every merged caller and caches nothing', async () => {
    const opened = await fixture.open();
    const held = controlledLoader();
    const reads = [
      opened.cache.getOrLoad('a', held.loader),
      opened.cache.getOrLoad('a', held.loader),
    ];
    await held.called;
    const failure = new Error('database down');

    held.fail(failure);

    for (const read of reads) await expect(read).rejects.toBe(failure);
    await expect(opened.cache.getOrLoad('a', async () => v(1))).resolves.toMatchObject({
      outcome: 'MISS',
    });
    expect(await cached(opened)).toEqual(['a@1']);
  });
});
