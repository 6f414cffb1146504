/**
 * Operations per second of the FIFO cache next to plain ioredis GET and SET, on a private
 * redis-server started for the run (the shared one carries nothing of it) and stopped at the end.
 *
 *   npx nx run cache:bench                     # BENCH_DURATION_MS=3000 per measurement by default
 *
 * Each operation is measured with one caller awaiting it back to back (latency-bound) and with
 * CONCURRENT callers at once (throughput-bound); every answer is checked, so a run that fell back
 * to BYPASS or missed where it should hit fails instead of printing a flattering number.
 */
import { loadavg } from 'node:os';
import { Registry } from 'prom-client';
import { CircuitBreaker } from '../src/lib/circuit-breaker';
import type { CacheOutcome } from '@profile/profile-domain';
import type { CacheWriteOutcome } from '../src/lib/profile-cache';
import { DEFAULT_BREAKER } from '../src/lib/profile-cache-settings';
import { closeRedisClient, createRedisClient } from '../src/lib/redis-client';
import { RedisFifo } from '../src/lib/redis-fifo';
import { RedisProfileCache } from '../src/lib/redis-profile-cache';
import { whenReady } from '../test/support/cache-fixture';
import { metricsIn } from '../test/support/metrics';
import { RedisServer } from '../test/support/redis-server';

const DURATION_MS = Number(process.env['BENCH_DURATION_MS'] ?? 3_000);
const WARM_UP_MS = 300;
const CONCURRENT = 32;
const MAX_ENTRIES = 10;
const HOUR_MS = 3_600_000;
/** About the size of a profile's JSON with a short bio. */
const PAYLOAD = JSON.stringify({
  id: '0b7e6f4e-5d0c-4e5b-9a43-0d1c2b3a4f5e',
  username: 'ada.lovelace',
  email: 'ada@example.com',
  displayName: 'Ada Lovelace',
  bio: 'Mathematician and writer. '.repeat(12),
  avatarUrl: 'https://example.com/avatars/ada.png',
  location: 'London',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  version: 1,
});

interface Scenario {
  name: string;
  /** The Redis commands one operation sends. */
  commands: string;
  /** Runs the n-th operation and says whether it answered as it must. */
  run(n: number): Promise<boolean>;
}

interface Measurement {
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

async function measure(scenario: Scenario, callers: number, durationMs: number) {
  let next = 0;
  let wrong = 0;
  const latencies: number[] = [];
  const deadline = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline) {
        const n = next++;
        const before = performance.now();
        if (!(await scenario.run(n))) wrong += 1;
        latencies.push(performance.now() - before);
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  if (wrong > 0)
    throw new Error(`${scenario.name}: ${wrong} of ${next} operations answered wrongly`);
  latencies.sort((a, b) => a - b);
  const at = (quantile: number) => latencies[Math.floor(quantile * (latencies.length - 1))];
  return {
    opsPerSecond: (latencies.length / elapsedMs) * 1000,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  } satisfies Measurement;
}

function table(rows: { scenario: Scenario; sequential: Measurement; concurrent: Measurement }[]) {
  const header = [
    'operation',
    'Redis commands',
    'ops/s, 1 caller',
    'p50 ms',
    'p99 ms',
    `ops/s, ${CONCURRENT} callers`,
    'p50 ms',
    'p99 ms',
  ];
  const round = (value: number) => Math.round(value).toLocaleString('en-US');
  const ms = (value: number) => value.toFixed(2);
  const lines = rows.map(({ scenario, sequential, concurrent }) => [
    scenario.name,
    scenario.commands,
    round(sequential.opsPerSecond),
    ms(sequential.p50Ms),
    ms(sequential.p99Ms),
    round(concurrent.opsPerSecond),
    ms(concurrent.p50Ms),
    ms(concurrent.p99Ms),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column].length)),
  );
  const format = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  return [
    format(header),
    `|${widths.map((width, column) => (column < 2 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`,
    ...lines.map(format),
  ].join('\n');
}

async function main(): Promise<void> {
  const server = await RedisServer.start();
  // A generous timeout: a loaded machine must slow the numbers down, not turn reads into BYPASS.
  const redis = createRedisClient({ url: server.url, commandTimeoutMs: 2_000 });
  try {
    await whenReady(redis);
    const fifo = new RedisFifo(redis, 'bench', MAX_ENTRIES);
    const cache = new RedisProfileCache(
      fifo,
      new CircuitBreaker(DEFAULT_BREAKER),
      metricsIn(new Registry()),
      { newMs: 24 * HOUR_MS, updatedMs: HOUR_MS, leaseMs: 10_000, markerMs: 24 * HOUR_MS },
    );
    const record = { payload: PAYLOAD, version: 1 };
    const outcome =
      (expected: CacheOutcome) =>
      ({ outcome: answered }: { outcome: CacheOutcome }) =>
        answered === expected;
    const written = (answered: CacheWriteOutcome) => answered === 'applied';
    const hot = Array.from({ length: MAX_ENTRIES }, (_, i) => `hot-${i}`);
    let round = 0;

    const scenarios: Scenario[] = [
      {
        name: 'ioredis GET',
        commands: 'GET',
        run: async () => (await redis.get('bench-plain:hot')) === PAYLOAD,
      },
      {
        name: 'ioredis SET',
        commands: 'SET',
        run: async (n) => (await redis.set(`bench-plain:${n % 1_000}`, PAYLOAD)) === 'OK',
      },
      {
        name: 'getOrLoad, hit',
        commands: 'EVALSHA',
        run: (n) => cache.getOrLoad(hot[n % hot.length], async () => record).then(outcome('HIT')),
      },
      {
        // A new id each time, into a full cache: the fill evicts the oldest entry.
        name: 'getOrLoad, miss + fill',
        commands: '2 × EVALSHA',
        run: (n) => cache.getOrLoad(`miss-${round}-${n}`, async () => record).then(outcome('MISS')),
      },
      {
        name: 'writeThrough, evicting',
        commands: 'EVALSHA',
        run: (n) => cache.writeThrough(`write-${round}-${n}`, PAYLOAD, 1).then(written),
      },
    ];

    const rows = [];
    for (const scenario of scenarios) {
      const measurements: Measurement[] = [];
      for (const callers of [1, CONCURRENT]) {
        await redis.flushdb();
        await redis.set('bench-plain:hot', PAYLOAD);
        for (const id of hot) await cache.getOrLoad(id, async () => record);
        // Each measurement numbers its operations from 0: a new round keeps their ids new.
        round += 1;
        await measure(scenario, callers, WARM_UP_MS);
        round += 1;
        measurements.push(await measure(scenario, callers, DURATION_MS));
      }
      rows.push({ scenario, sequential: measurements[0], concurrent: measurements[1] });
    }

    console.log(
      `FIFO cache throughput: redis-server ${server.port} (private, no persistence), ` +
        `${MAX_ENTRIES} entries, ${PAYLOAD.length}-byte payloads, ${DURATION_MS} ms per measurement, ` +
        `Node ${process.version}, load average ${loadavg()
          .map((load) => load.toFixed(2))
          .join(' ')}\n`,
    );
    console.log(table(rows));
  } finally {
    await closeRedisClient(redis);
    await server.kill();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
