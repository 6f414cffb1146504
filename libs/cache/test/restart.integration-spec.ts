import { eventually } from '@profile/testing';
import type { CacheRecord } from '../src/lib/profile-cache';
import { CacheFixture, TestCache } from './support/cache-fixture';
import { controlledLoader } from './support/controlled-loader';
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
  });
});
