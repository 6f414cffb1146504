// Every metric the dashboards and alert rules read must exist. The api's and the worker's are
// checked against what the built apps really export: both run here as processes (dist/apps/...)
// against the local PostgreSQL, Redis and RabbitMQ, each on resources of its own (a database, a
// cache prefix, a vhost), are exercised so that their labelled series exist (requests, cache reads,
// an eviction, task attempts that succeed and fail), and their /metrics are scraped. The other
// exporters' metrics (RabbitMQ, cAdvisor, kube-state-metrics) are checked against the committed
// list prometheus/exporter-metrics.txt, which names its sources.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTestDatabase,
  createTestVhost,
  deleteCacheKeys,
  eventually,
  freePort,
  ServiceProcess,
  type TestDatabase,
  type TestVhost,
} from '@profile/testing';
import Redis from 'ioredis';
import { dashboardQueries, parseQuery, type Query, ruleQueries } from './promql';
import { ROOT } from './stack';

jest.setTimeout(120_000);

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const ADMIN_KEY = 'metrics-admin-key';
// Labels Prometheus attaches to every series of a target (prometheus.yml's relabelling), and the
// bucket bound of histograms.
const TARGET_LABELS = ['job', 'instance', 'namespace', 'pod', 'cluster'];
const EXPORTER_PREFIXES = /^(rabbitmq_|container_|kube_)/;

/** The series of a /metrics text: metric name → the label names seen on its samples. */
interface Exported {
  series: Map<string, Set<string>>;
  /** Names declared by `# TYPE` (with _bucket, _sum, _count for histograms and summaries). */
  declared: Set<string>;
}

function readExposition(text: string): Exported {
  const series = new Map<string, Set<string>>();
  const declared = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\w+)$/.exec(line);
    if (type) {
      const [, name, kind] = type;
      declared.add(name);
      const suffixes = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'] };
      for (const suffix of suffixes[kind as keyof typeof suffixes] ?? [])
        declared.add(`${name}${suffix}`);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? /.exec(line);
    if (!sample) continue;
    const labels = series.get(sample[1]) ?? new Set<string>();
    for (const [, label] of (sample[3] ?? '').matchAll(/([a-zA-Z_]\w*)="/g)) labels.add(label);
    series.set(sample[1], labels);
  }
  return { series, declared };
}

const merge = (a: Exported, b: Exported): Exported => {
  const series = new Map(a.series);
  for (const [name, labels] of b.series)
    series.set(name, new Set([...(series.get(name) ?? []), ...labels]));
  return { series, declared: new Set([...a.declared, ...b.declared]) };
};

const queries: Query[] = [...dashboardQueries('prometheus'), ...ruleQueries()];
const parsed = queries.map((query) => ({ query, ...parseQuery(query.expr) }));
const usedMetrics = [...new Set(parsed.flatMap((q) => q.selectors.map((s) => s.metric)))].sort();

describe('the metrics the dashboards and alerts read', () => {
  let database: TestDatabase;
  let vhost: TestVhost;
  let api: ServiceProcess;
  let worker: ServiceProcess;
  let apiUrl: string;
  let workerUrl: string;
  const cachePrefix = `test-metrics-${randomBytes(4).toString('hex')}`;
  let exported: Exported;

  beforeAll(async () => {
    database = await createTestDatabase('metric_names');
    await ServiceProcess.run({
      script: join(ROOT, 'dist/apps/api/migrate.js'),
      env: { DATABASE_URL: database.url },
    });
    vhost = await createTestVhost('metric_names');
    const [apiPort, workerPort] = [await freePort(), await freePort()];
    apiUrl = `http://127.0.0.1:${apiPort}`;
    workerUrl = `http://127.0.0.1:${workerPort}`;
    api = ServiceProcess.start({
      script: join(ROOT, 'dist/apps/api/main.js'),
      env: {
        PORT: String(apiPort),
        DATABASE_URL: database.url,
        REDIS_URL,
        RABBITMQ_URL: vhost.url(),
        CACHE_PREFIX: cachePrefix,
        // One entry: the second profile read evicts the first.
        CACHE_MAX_ENTRIES: '1',
        API_KEYS: `metrics:admin:${ADMIN_KEY}`,
        WORKER_URL: workerUrl,
      },
    });
    worker = ServiceProcess.start({
      script: join(ROOT, 'dist/apps/worker/main.js'),
      env: {
        PORT: String(workerPort),
        RABBITMQ_URL: vhost.url(),
        API_URL: apiUrl,
        WORKER_API_KEY: ADMIN_KEY,
      },
    });
    await api.waitForHttp(`${apiUrl}/health/ready`);
    await worker.waitForHttp(`${workerUrl}/health/ready`);

    await exerciseTheApi();
    await runTasks();
    exported = merge(
      readExposition(await (await fetch(`${apiUrl}/metrics`)).text()),
      readExposition(await (await fetch(`${workerUrl}/metrics`)).text()),
    );
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    const redis = new Redis(REDIS_URL);
    await deleteCacheKeys(redis, cachePrefix);
    redis.disconnect();
    await vhost?.delete();
    await database?.drop();
  });

  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_KEY}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json().catch(() => null)) as { id: string },
    };
  }

  /** Creates, reads (miss, hit, past the cache), evicts and deletes profiles; one 404. */
  async function exerciseTheApi(): Promise<void> {
    const ids: string[] = [];
    for (const name of ['ada', 'grace']) {
      const unique = `${name}-${randomBytes(3).toString('hex')}`;
      const created = await call('POST', '/api/v1/profiles', {
        username: unique,
        email: `${unique}@example.com`,
        displayName: name,
      });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    for (const id of ids) {
      expect((await call('GET', `/api/v1/profiles/${id}`)).status).toBe(200);
      expect((await call('GET', `/api/v1/profiles/${id}`)).status).toBe(200);
    }
    expect(
      (await call('GET', `/api/v1/profiles/${ids[0]}`, undefined, { 'cache-control': 'no-cache' }))
        .status,
    ).toBe(200);
    expect((await call('DELETE', `/api/v1/profiles/${ids[1]}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/profiles/${randomUUID()}`)).status).toBe(404);
  }

  /** Runs a task that succeeds and one that fails its only attempt, through the api. */
  async function runTasks(): Promise<void> {
    for (const task of [
      { type: 'diagnostic.sleep', payload: { ms: 1 } },
      { type: 'diagnostic.fail', payload: { failTimes: 1 }, maxAttempts: 1 },
    ]) {
      expect((await call('POST', '/api/v1/tasks', task)).status).toBe(202);
    }
    await eventually(async () => {
      const metrics = await (await fetch(`${workerUrl}/metrics`)).text();
      expect(metrics).toMatch(
        /^tasks_processed_total\{type="diagnostic.sleep",outcome="succeeded"\} 1$/m,
      );
      expect(metrics).toMatch(
        /^tasks_processed_total\{type="diagnostic.fail",outcome="failed"\} 1$/m,
      );
    }, 30_000);
  }

  it('reads only metrics that the api and the worker export', () => {
    const appMetrics = usedMetrics.filter((name) => !EXPORTER_PREFIXES.test(name) && name !== 'up');
    expect(appMetrics.length).toBeGreaterThan(20);
    const missing = appMetrics.filter(
      (name) => !exported.series.has(name) && !exported.declared.has(name),
    );
    expect(missing).toEqual([]);
  });

  it('matches and groups the apps’ metrics only by labels their series carry', () => {
    const known = (metric: string, label: string) =>
      TARGET_LABELS.includes(label) ||
      (label === 'le' && metric.endsWith('_bucket')) ||
      exported.series.get(metric)?.has(label) === true;
    const problems = parsed.flatMap(({ query, selectors, groupings }) =>
      [
        ...selectors
          .filter((selector) => exported.series.has(selector.metric))
          .flatMap(({ metric, matchers }) =>
            matchers.filter((label) => !known(metric, label)).map((label) => `${metric}{${label}}`),
          ),
        ...groupings.flatMap(({ labels, metrics }) => {
          const app = metrics.filter((metric) => exported.series.has(metric));
          if (app.length === 0) return [];
          return labels
            .filter((label) => !app.some((metric) => known(metric, label)))
            .map((label) => `by (${label}) over ${app.join(', ')}`);
        }),
      ].map((problem) => `${query.source}: ${problem}`),
    );
    expect(problems).toEqual([]);
  });

  it('reads other exporters’ metrics only from the committed list, which names nothing unused', () => {
    const listed = readFileSync(join(__dirname, 'prometheus/exporter-metrics.txt'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    const external = usedMetrics.filter((name) => EXPORTER_PREFIXES.test(name) || name === 'up');
    expect(external.filter((name) => !listed.includes(name))).toEqual([]);
    expect(listed.filter((name) => !external.includes(name))).toEqual([]);
  });
});
