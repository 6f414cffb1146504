import { eventually, freePort } from '@profile/testing';
import { Registry, register } from 'prom-client';
import type { CacheRecord, CacheStats } from '../src/lib/profile-cache';
import { CacheFixture, TestCache } from './support/cache-fixture';
import { controlledLoader } from './support/controlled-loader';
import { metricsIn, metricValues, MetricValues } from './support/metrics';

/**
 * The Prometheus series after a known sequence of operations: each event counted exactly once,
 * equal to the stats the scripts keep in Redis, also when two processes share the cache.
 */
const fixture = new CacheFixture();
beforeEach(() => register.resetMetrics());
afterEach(() => fixture.closeAll());

const HOUR_MS = 3_600_000;
/** Write-throughs expire quickly here, so that the sequence includes expirations. */
const ttls = { newMs: HOUR_MS, updatedMs: 150 };

const record = (id: string, version = 1): CacheRecord => ({ payload: `${id}@${version}`, version });
const read = (opened: TestCache, id: string, value: CacheRecord | null = record(id)) =>
  opened.cache.getOrLoad(id, async () => value);

describe('profile cache metrics', () => {
  it('count every hit, miss, set, eviction, expiration and invalidation once, as the scripts do', async () => {
    const opened = await fixture.open({ maxEntries: 3, ttls });
    for (const id of ['a', 'b', 'c']) await read(opened, id);
    await read(opened, 'a');
    await read(opened, 'b');
    // Five concurrent misses merged into one load: five misses, one set, and it evicts a.
    const held = controlledLoader();
    const merged = Array.from({ length: 5 }, () => opened.cache.getOrLoad('d', held.loader));
    await held.called;
    held.finish(record('d'));
    await Promise.all(merged);
    await opened.cache.writeThrough('e', 'e@2', 2); // evicts b
    await opened.cache.writeThrough('c', 'c@2', 2); // moves c to the tail
    await opened.cache.writeThrough('c', 'c@1', 1); // superseded: not a set
    await opened.cache.invalidate('d');
    await opened.cache.invalidate('never-cached'); // nothing removed
    await read(opened, 'deleted-profile', null); // a miss that stores nothing
    // e and c were written through with the short TTL: entries() prunes them once they expire.
    await eventually(async () => expect((await opened.cache.entries()).size).toBe(0), 5_000);
    await read(opened, 'f');

    const expected: CacheStats = {
      hits: 2,
      misses: 10,
      evictions: 2,
      expirations: 2,
      sets: 7,
      invalidations: 1,
    };
    expect(await metricValues(register)).toEqual({
      ...expected,
      bypasses: 0,
      entries: 1,
      circuitOpen: 0,
    });
    expect(await opened.cache.stats()).toEqual(expected);
  });

  it('count each event in the process whose script caused it, so replicas add up to the stats', async () => {
    const registries = [new Registry(), new Registry()];
    const first = await fixture.open({ maxEntries: 2, ttls, metrics: metricsIn(registries[0]) });
    const second = await fixture.open({
      prefix: first.prefix,
      maxEntries: 2,
      ttls,
      metrics: metricsIn(registries[1]),
    });

    await read(first, 'a');
    await read(first, 'b');
    await read(second, 'a'); // hit
    await read(second, 'c'); // evicts a
    await first.cache.writeThrough('d', 'd@2', 2); // evicts b
    await second.cache.invalidate('c');
    await eventually(async () => expect((await first.cache.entries()).size).toBe(0), 5_000);

    const [ofFirst, ofSecond] = await Promise.all(registries.map(metricValues));
    expect(ofFirst).toEqual({
      hits: 0,
      misses: 2,
      bypasses: 0,
      evictions: 1,
      expirations: 1,
      sets: 3,
      invalidations: 0,
      entries: 0,
      circuitOpen: 0,
    });
    expect(ofSecond).toEqual({
      hits: 1,
      misses: 1,
      bypasses: 0,
      evictions: 1,
      expirations: 0,
      sets: 1,
      invalidations: 1,
      entries: 1,
      circuitOpen: 0,
    });
    const stats = await first.cache.stats();
    for (const name of Object.keys(stats) as (keyof CacheStats)[]) {
      expect(ofFirst[name] + ofSecond[name]).toBe(stats[name]);
    }
  });

  it('count a read around an unavailable Redis as a bypass, neither hit nor miss', async () => {
    const opened = await fixture.open({
      url: `redis://127.0.0.1:${await freePort()}`,
      ready: false,
    });

    await read(opened, 'a');
    await opened.cache.writeThrough('a', 'a@2', 2);

    expect(await metricValues(register)).toEqual<MetricValues>({
      hits: 0,
      misses: 0,
      bypasses: 1,
      evictions: 0,
      expirations: 0,
      sets: 0,
      invalidations: 0,
      entries: 0,
      circuitOpen: 0,
    });
  });
});
