import { eventually, freePort, TcpProxy } from '@profile/testing';
import { CacheUnavailableError } from '../src/lib/cache-unavailable.error';
import type { CacheRead, CacheRecord } from '../src/lib/profile-cache';
import { CacheFixture, SHARED_REDIS_URL, TestCache } from './support/cache-fixture';
import { RedisServer } from './support/redis-server';

/**
 * Redis trouble never reaches the request path: reads answer BYPASS through the loader, changes
 * answer 'unavailable', quickly, and the circuit breaker stops even trying while open.
 */
const fixture = new CacheFixture();
afterEach(() => fixture.closeAll());

/** CACHE_TIMEOUT_MS's default. */
const TIMEOUT_MS = 50;
/**
 * How long a read or change may take when Redis refuses connections, is cut off or the circuit is
 * open: no waiting for a connection (connectTimeout 2 s) or a reconnect (up to 2 s).
 */
const FAIL_FAST_MS = 200;
/** When Redis hangs, one command timeout, plus the same margin. */
const HUNG_MS = TIMEOUT_MS + FAIL_FAST_MS;

const record: CacheRecord = { payload: 'from the database', version: 1 };

async function timed<T>(operation: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await operation();
  return { value, ms: performance.now() - started };
}

/** Asserts one read of each kind answers without Redis, within `boundMs`. */
async function expectBypassed({ cache }: TestCache, boundMs: number): Promise<void> {
  const loader = jest.fn(async () => record);
  const read = await timed(() => cache.getOrLoad('a', loader));
  expect(read.value).toEqual<CacheRead>({ outcome: 'BYPASS', record });
  expect(loader).toHaveBeenCalledTimes(1);
  expect(read.ms).toBeLessThan(boundMs);
}

async function expectUnavailable({ cache }: TestCache, boundMs: number): Promise<void> {
  const write = await timed(() => cache.writeThrough('a', 'v2', 2));
  expect(write.value).toBe('unavailable');
  expect(write.ms).toBeLessThan(boundMs);
  const removal = await timed(() => cache.invalidate('a'));
  expect(removal.value).toBe('unavailable');
  expect(removal.ms).toBeLessThan(boundMs);
}

/** While open, nothing reaches the FIFO: every operation answers at once. */
async function expectOpenCircuit(opened: TestCache): Promise<void> {
  expect(opened.breaker.state).toBe('open');
  const scripts = [
    jest.spyOn(opened.fifo, 'lookup'),
    jest.spyOn(opened.fifo, 'write'),
    jest.spyOn(opened.fifo, 'remove'),
    jest.spyOn(opened.fifo, 'snapshot'),
  ];
  await expectBypassed(opened, FAIL_FAST_MS);
  await expectUnavailable(opened, FAIL_FAST_MS);
  await expect(opened.cache.entries()).rejects.toBeInstanceOf(CacheUnavailableError);
  await expect(opened.cache.stats()).rejects.toBeInstanceOf(CacheUnavailableError);
  for (const script of scripts) {
    expect(script).not.toHaveBeenCalled();
    script.mockRestore();
  }
}

/** The breaker lets a probe through after openMs; once Redis answers it, reads hit again. */
async function expectRecovery(opened: TestCache): Promise<void> {
  await eventually(async () => {
    await expect(opened.cache.getOrLoad('cached', async () => null)).resolves.toMatchObject({
      outcome: 'HIT',
    });
  }, 10_000);
  expect(opened.breaker.state).toBe('closed');
  // Not 'a': a change that timed out may still have reached Redis, which is why the caller treats
  // 'unavailable' as "unknown" and repairs the entry later.
  await expect(opened.cache.writeThrough('b', 'v1', 1)).resolves.toBe('applied');
}

const breaker = { failureThreshold: 3, openMs: 300 };
/** Room for expectRecovery's wait on a busy machine. */
const RECOVERY_TIMEOUT_MS = 20_000;

describe('RedisProfileCache without Redis', () => {
  it('bypasses at once when nothing listens on the port, and opens the circuit after three failures', async () => {
    const opened = await fixture.open({
      url: `redis://127.0.0.1:${await freePort()}`,
      timeoutMs: TIMEOUT_MS,
      breaker: { ...breaker, openMs: 60_000 },
      ready: false,
    });

    await expectBypassed(opened, FAIL_FAST_MS);
    expect(opened.breaker.state).toBe('closed');
    await expectUnavailable(opened, FAIL_FAST_MS);

    await expectOpenCircuit(opened);
  });

  it(
    'bypasses within the command timeout while Redis hangs, and uses it again once it answers',
    async () => {
      const server = await RedisServer.start();
      try {
        const opened = await fixture.open({ url: server.url, timeoutMs: TIMEOUT_MS, breaker });
        await opened.cache.getOrLoad('cached', async () => record);

        server.pause();
        await expectBypassed(opened, HUNG_MS);
        await expectUnavailable(opened, HUNG_MS);
        await expectOpenCircuit(opened);
        server.resume();

        await expectRecovery(opened);
      } finally {
        server.resume();
        await fixture.closeAll();
        await server.kill();
      }
    },
    RECOVERY_TIMEOUT_MS,
  );

  it(
    'bypasses while the connection is cut, and uses Redis again once it is restored',
    async () => {
      const proxy = await TcpProxy.start(Number(new URL(SHARED_REDIS_URL).port || 6379));
      try {
        const opened = await fixture.open({
          url: proxy.url(SHARED_REDIS_URL),
          timeoutMs: TIMEOUT_MS,
          breaker,
        });
        await opened.cache.getOrLoad('cached', async () => record);

        await proxy.cut();
        await eventually(async () => expect(opened.redis.status).not.toBe('ready'), 5_000);
        await expectBypassed(opened, FAIL_FAST_MS);
        await expectUnavailable(opened, FAIL_FAST_MS);
        await expectOpenCircuit(opened);
        await proxy.restore();

        await expectRecovery(opened);
      } finally {
        await fixture.closeAll();
        await proxy.stop();
      }
    },
    RECOVERY_TIMEOUT_MS,
  );
});
