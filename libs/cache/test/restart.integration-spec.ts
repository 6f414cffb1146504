import { eventually } from '@profile/testing';
import { CacheUnavailableError } from '../src/lib/cache-unavailable.error';
import type { CacheRecord } from '../src/lib/profile-cache';
import { CacheFixture, TestCache } from './support/cache-fixture';
import { commandStats } from './support/command-stats';
import { controlledLoader } from './support/controlled-loader';
import { ReadLoop } from './support/read-loop';
import { RedisServer } from './support/redis-server';

/** A private redis-server is killed and started again on the same port: it comes back empty. */
const fixture = new CacheFixture();
let server: RedisServer;

beforeEach(async () => {
  server = await RedisServer.start();
});
afterEach(async () => {
  await fixture.closeAll();
  await server.kill();
});

const v = (version: number): CacheRecord => ({ payload: `v${version}`, version });

async function cached({ cache }: TestCache): Promise<string[]> {
  return (await cache.entries()).entries.map((entry) => `${entry.id}@${entry.version}`);
}

/** Waits until the client has reconnected to the restarted server. */
async function reconnected({ redis }: TestCache): Promise<void> {
  await eventually(async () => {
    await redis.ping();
  }, 10_000);
}

describe('a Redis restart', () => {
  it('keeps every read answering while Redis dies and comes back empty; then the scripts reload and the stats start over', async () => {
    const opened = await fixture.open({
      url: server.url,
      breaker: { failureThreshold: 3, openMs: 100 },
    });
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const beforeRestart = new ReadLoop(opened.cache, ids);
    await beforeRestart.until(({ outcomes }) => outcomes.HIT >= 20);

    await server.kill();
    await beforeRestart.until(({ outcomes }) => outcomes.BYPASS >= 20);
    const down = await beforeRestart.stop();
    await expect(opened.cache.writeThrough('a', 'v2', 2)).resolves.toBe('unavailable');
    await expect(opened.cache.invalidate('a')).resolves.toBe('unavailable');
    await expect(opened.cache.stats()).rejects.toBeInstanceOf(CacheUnavailableError);
    expect(opened.breaker.state).toBe('open');

    await server.launch();
    const afterRestart = new ReadLoop(opened.cache, ids);
    await afterRestart.until(({ outcomes }) => outcomes.HIT >= 20);
    const up = await afterRestart.stop();

    for (const run of [down, up]) {
      expect(run.failures).toEqual([]);
      expect(run.wrongRecords).toBe(0);
    }
    expect(opened.breaker.state).toBe('closed');
    // Everything Redis counts now happened after the restart: the reads of the second loop.
    const scripts = await commandStats(server.url);
    const stats = await opened.cache.stats();
    expect(stats).toEqual({
      hits: up.outcomes.HIT,
      misses: up.outcomes.MISS,
      evictions: 0,
      expirations: 0,
      sets: ids.length,
      invalidations: 0,
    });
    // A new connection loads each script with its first EVAL; no EVALSHA met NOSCRIPT.
    expect(scripts['eval']).toEqual({ calls: 2, failedCalls: 0 });
    expect(scripts['evalsha']).toEqual({
      calls: stats.hits + stats.misses + stats.sets - 2,
      failedCalls: 0,
    });
    const { entries } = await opened.cache.entries();
    expect(entries.map((entry) => entry.id).sort()).toEqual(ids);
  }, 30_000);

  it('does not let a fill whose miss came before the restart use a lease handed out after it', async () => {
    const before = await fixture.open({ url: server.url });
    const after = await fixture.open({ url: server.url, prefix: before.prefix });
    const stale = controlledLoader();
    const staleRead = before.cache.getOrLoad('a', stale.loader);
    await stale.called;

    await server.kill();
    await server.launch();
    await reconnected(before);
    await reconnected(after);
    const fresh = controlledLoader();
    const freshRead = after.cache.getOrLoad('a', fresh.loader);
    await fresh.called;
    // The profile changed while Redis was away; the load that began before still holds version 1.
    stale.finish(v(1));
    await expect(staleRead).resolves.toEqual({ outcome: 'MISS', record: v(1) });
    fresh.finish(v(2));
    await expect(freshRead).resolves.toEqual({ outcome: 'MISS', record: v(2) });

    expect(await cached(before)).toEqual(['a@2']);
  }, 20_000);
});
