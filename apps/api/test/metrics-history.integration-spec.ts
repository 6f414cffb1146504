import { type MetricsHistory, metricsHistorySchema } from '@profile/api-contract';
import type { Profile } from '@profile/profile-domain';
import { eventually } from '@profile/testing';
import { ApiProcess } from './support/api-under-test';
import { PrometheusServer } from './support/prometheus-server';
import { TaskStack } from './support/task-stack';

const ROUTE = { method: 'GET', route: '/api/v1/profiles/:id' };

jest.setTimeout(60_000);

/**
 * GET /api/v1/metrics/history: per-minute samples of the last hour, kept in Redis by every api
 * replica (tasks from the recorded attempts), or read from a real Prometheus.
 */
describe('GET /api/v1/metrics/history (processes against Redis, PostgreSQL, RabbitMQ, Prometheus)', () => {
  let stack: TaskStack;

  beforeAll(async () => {
    stack = await TaskStack.start('metrics_history');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const history = async (api: ApiProcess = stack.api): Promise<MetricsHistory> => {
    const answer = await api.call('GET', '/api/v1/metrics/history', { as: 'read' });
    expect(answer.status).toBe(200);
    return metricsHistorySchema.parse(answer.json());
  };

  /** The sum of a series over the last two minutes (a burst may straddle a minute's end). */
  const lately = (values: Array<number | null>) =>
    values.slice(-2).reduce<number>((total, value) => total + (value ?? 0), 0);

  const requestsOf = (found: MetricsHistory) =>
    found.routes.find(({ method, route }) => method === ROUTE.method && route === ROUTE.route);

  /** `count` reads of one profile through `api`'s cache. */
  const burst = async (api: ApiProcess, profile: Profile, count: number) => {
    for (let sent = 0; sent < count; sent += 50) {
      const answers = await Promise.all(
        Array.from({ length: Math.min(50, count - sent) }, () => api.readProfile(profile.id)),
      );
      expect(answers.every(({ status }) => status === 200)).toBe(true);
    }
  };

  it('answers 60 minutes, oldest first, the current one last', async () => {
    const found = await history();
    expect(found.source).toBe('samples');
    expect(found.note).toBeUndefined();
    expect(found.minutes).toHaveLength(60);
    const times = found.minutes.map(Date.parse);
    expect(times.slice(1).map((time, index) => time - times[index])).toEqual(
      Array(59).fill(60_000),
    );
    expect(Date.now() - times[59]).toBeGreaterThanOrEqual(0);
    expect(Date.now() - times[59]).toBeLessThan(60_000);
    for (const series of [
      found.cache.hits,
      found.tasks.succeeded,
      found.tasks.startLatenessP99Ms,
    ]) {
      expect(series).toHaveLength(60);
    }
  });

  it('shows a burst of reads on two replicas as requests, latencies and cache lookups of this minute', async () => {
    const replica = await stack.api.startReplica();
    const profile = await stack.api.createProfile();
    await stack.api.readProfile(profile.id); // the one miss: the burst's reads are hits
    const before = await history();
    await Promise.all([burst(stack.api, profile, 150), burst(replica, profile, 90)]);

    await eventually(async () => {
      const after = await history(replica);
      const reads = requestsOf(after);
      const earlier = requestsOf(before);
      const counted = lately(reads?.requestsPerSecond ?? []) * 60;
      const counted0 = lately(earlier?.requestsPerSecond ?? []) * 60;
      // Both replicas' samples, in the minute they happened (a replica adds them within 5 s).
      expect(Math.round(counted - counted0)).toBeGreaterThanOrEqual(240);
      expect(lately(reads?.p50Ms ?? [])).toBeGreaterThan(0);
      expect(lately(reads?.p99Ms ?? [])).toBeGreaterThanOrEqual(lately(reads?.p50Ms ?? []));
      expect(lately(after.cache.hits) - lately(before.cache.hits)).toBeGreaterThanOrEqual(240);
      const ratio = after.cache.hitRatio.filter((value) => value !== null).at(-1);
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThanOrEqual(1);
    }, 25_000);
  });

  it('counts task attempts by outcome and how late they started, from the recorded attempts', async () => {
    const before = await history();
    const tasks = await Promise.all([
      stack.createTask({ type: 'diagnostic.sleep', payload: { ms: 1 } }),
      stack.createTask({ type: 'diagnostic.sleep', payload: { ms: 1 } }),
      stack.createTask({ type: 'diagnostic.fail', payload: { failTimes: 1 }, maxAttempts: 1 }),
    ]);
    await Promise.all(
      tasks.map((task, index) => stack.until(task.id, index < 2 ? 'succeeded' : 'failed')),
    );
    await eventually(async () => {
      const after = await history();
      expect(lately(after.tasks.succeeded) - lately(before.tasks.succeeded)).toBeGreaterThanOrEqual(
        2,
      );
      expect(lately(after.tasks.failed) - lately(before.tasks.failed)).toBeGreaterThanOrEqual(1);
      expect(
        after.tasks.startLatenessP50Ms.at(-1) ?? after.tasks.startLatenessP50Ms.at(-2),
      ).toEqual(expect.any(Number));
    }, 15_000);
  });

  it('reads the history from Prometheus when PROMETHEUS_URL is set', async () => {
    const reader = await stack.api.startReplica();
    // The route's series exists before the first scrape, so that Prometheus sees all of the burst.
    const profile = await stack.api.createProfile();
    await reader.readProfile(profile.id);
    const prometheus = await PrometheusServer.start({
      api: reader.baseUrl,
      worker: stack.workerUrl,
    });
    const api = await ApiProcess.launch({
      ...stack.api.env,
      PROMETHEUS_URL: prometheus.url,
    });
    try {
      await prometheus.scraped(['api', 'worker']);
      // increase() over adjacent minutes misses an increment that falls between the last scrape of
      // one minute and the first of the next: the reads and the tasks come in three rounds, 1.5 s
      // (more than a scrape interval) apart, so that at most one round can fall in that gap.
      for (let round = 0; round < 3; round += 1) {
        if (round > 0) await new Promise((resolve) => setTimeout(resolve, 1_500));
        await burst(reader, profile, 60);
        const task = await stack.createTask({ type: 'diagnostic.sleep', payload: { ms: 1 } });
        await stack.until(task.id, 'succeeded');
      }
      await eventually(async () => {
        const found = await history(api);
        expect(found.source).toBe('prometheus');
        expect(found.minutes).toHaveLength(60);
        expect(lately(requestsOf(found)?.requestsPerSecond ?? []) * 60).toBeGreaterThanOrEqual(100);
        expect(lately(requestsOf(found)?.p99Ms ?? [])).toBeGreaterThan(0);
        expect(lately(found.cache.hits)).toBeGreaterThan(50);
        expect(lately(found.tasks.succeeded)).toBeGreaterThan(0);
      }, 40_000);
    } finally {
      await api.process.stop();
      await prometheus.stop();
    }
  });

  it('falls back to its own samples, and says so, when Prometheus does not answer', async () => {
    const api = await ApiProcess.launch({
      ...stack.api.env,
      PROMETHEUS_URL: 'http://127.0.0.1:1',
    });
    try {
      const found = await history(api);
      expect(found.source).toBe('samples');
      expect(found.note).toMatch(/^Prometheus \(http:\/\/127\.0\.0\.1:1\) could not be read: /);
      expect(found.minutes).toHaveLength(60);
    } finally {
      await api.process.stop();
    }
  });

  it('answers 503 while Redis, which holds the samples, is unavailable', async () => {
    await stack.api.redisProxy.cut();
    try {
      await eventually(async () => {
        const answer = await stack.api.call('GET', '/api/v1/metrics/history', { as: 'read' });
        expect(answer.status).toBe(503);
        expect(answer.json()).toMatchObject({
          type: 'urn:profile-api:problem:service-unavailable',
          detail: expect.stringContaining('Redis is unavailable'),
        });
      });
    } finally {
      await stack.api.redisProxy.restore();
    }
  });

  it('needs a key', async () => {
    expect((await stack.api.call('GET', '/api/v1/metrics/history', { as: null })).status).toBe(401);
  });
});
