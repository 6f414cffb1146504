import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import type { Profile, Task, TaskStatus } from '@profile/profile-domain';
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

// make seed against the built api and worker, on a database, vhost and cache prefix of their own:
// a fresh database gets a few hundred profiles and tasks in every state, and a second run adds
// nothing.

const root = join(__dirname, '../..');
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const WRITE_KEY = `seed-write-${randomBytes(6).toString('hex')}`;
const WORKER_KEY = `seed-worker-${randomBytes(6).toString('hex')}`;
const run = promisify(execFile);

describe('make seed', () => {
  let database: TestDatabase;
  let vhost: TestVhost;
  const cachePrefix = `test-seed-${randomBytes(4).toString('hex')}`;
  const processes: ServiceProcess[] = [];
  let apiUrl: string;

  beforeAll(async () => {
    [database, vhost] = await Promise.all([createTestDatabase('seed'), createTestVhost('seed')]);
    await ServiceProcess.run({
      script: join(root, 'dist/apps/api/migrate.js'),
      env: { DATABASE_URL: database.url },
    });
    const [apiPort, workerPort] = [await freePort(), await freePort()];
    apiUrl = `http://127.0.0.1:${apiPort}`;
    const api = ServiceProcess.start({
      script: join(root, 'dist/apps/api/main.js'),
      env: {
        PORT: String(apiPort),
        DATABASE_URL: database.url,
        RABBITMQ_URL: vhost.url(),
        REDIS_URL,
        CACHE_PREFIX: cachePrefix,
        API_KEYS: `seeder:write:${WRITE_KEY},worker:write:${WORKER_KEY}`,
        RATE_LIMIT_LIMIT: '100000',
        WORKER_URL: `http://127.0.0.1:${workerPort}`,
        // The task that fails once succeeds on its retry within the test.
        TASK_RETRY_BASE_MS: '300',
      },
    });
    processes.push(api);
    await api.waitForHttp(`${apiUrl}/health/ready`);
    const worker = ServiceProcess.start({
      script: join(root, 'dist/apps/worker/main.js'),
      env: {
        PORT: String(workerPort),
        RABBITMQ_URL: vhost.url(),
        API_URL: apiUrl,
        WORKER_API_KEY: WORKER_KEY,
      },
    });
    processes.push(worker);
    await worker.waitForHttp(`http://127.0.0.1:${workerPort}/health/ready`);
  });

  afterAll(async () => {
    for (const process of processes.reverse()) await process.stop();
    await vhost?.delete();
    const redis = new Redis(REDIS_URL, { lazyConnect: true });
    try {
      await deleteCacheKeys(redis, cachePrefix);
    } finally {
      redis.disconnect();
    }
    await database?.drop();
  });

  /** Runs the seed as `make seed` does, with the write key taken from API_KEYS. */
  async function seed(): Promise<string> {
    const { stdout } = await run(
      process.execPath,
      ['-r', '@swc-node/register', 'tools/seed/main.ts'],
      {
        cwd: root,
        env: {
          PATH: process.env['PATH'] ?? '',
          SWC_NODE_PROJECT: 'tsconfig.register.json',
          API_URL: apiUrl,
          API_KEYS: `worker:read:${WORKER_KEY},seeder:write:${WRITE_KEY}`,
        },
        timeout: 240_000,
      },
    );
    return stdout;
  }

  async function all<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const url = new URL(path, apiUrl);
      url.searchParams.set('limit', '100');
      if (cursor) url.searchParams.set('cursor', cursor);
      const response = await fetch(url, { headers: { authorization: `Bearer ${WORKER_KEY}` } });
      const page = (await response.json()) as { items: T[]; nextCursor: string | null };
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  const tasksIn = async (status: TaskStatus) =>
    (await all<Task>(`/api/v1/tasks?status=${status}`)).length;

  it('fills a fresh database with made-up profiles and tasks in every state', async () => {
    expect(await seed()).toMatch(/^300 profiles created, 0 were already there$/m);

    const profiles = await all<Profile>('/api/v1/profiles');
    expect(profiles).toHaveLength(300);
    expect(new Set(profiles.map(({ username }) => username)).size).toBe(300);
    for (const { email } of profiles) expect(email).toMatch(/@example\.(com|org|net)$/);
    expect(profiles.filter(({ bio }) => bio).length).toBeGreaterThan(150);
    expect(profiles.filter(({ location }) => location).length).toBeGreaterThan(150);

    // Five tasks sleep for a minute: once the worker has reached them (the last was sent moments
    // before the seed ended), each is running, or ran that long.
    const minuteLongTasks = async () =>
      (await all<Task>('/api/v1/tasks?type=diagnostic.sleep')).filter(
        ({ payload }) => (payload as { ms: number }).ms === 60_000,
      );
    await eventually(async () => {
      const tasks = await minuteLongTasks();
      expect(tasks).toHaveLength(5);
      expect(tasks.filter(({ startedAt }) => startedAt === null)).toEqual([]);
    }, 30_000);
    for (const task of await minuteLongTasks()) {
      if (task.status !== 'running') {
        expect(task.status).toBe('succeeded');
        expect(Date.parse(task.finishedAt!) - Date.parse(task.startedAt!)).toBeGreaterThanOrEqual(
          60_000,
        );
      }
    }

    // Every profile's completeness reminder waits a day; the others end as planned.
    await eventually(async () => {
      expect(await tasksIn('failed')).toBe(30);
      expect(await tasksIn('succeeded')).toBeGreaterThanOrEqual(300 + 75 + 12);
    }, 60_000);
    expect(await tasksIn('scheduled')).toBeGreaterThanOrEqual(300 + 10);
    expect(await tasksIn('cancelled')).toBe(15);
  }, 300_000);

  it('adds nothing when it runs again', async () => {
    const tasksBefore = (await all<Task>('/api/v1/tasks')).length;
    expect(await seed()).toMatch(/^0 profiles created, 300 were already there$/m);
    expect(await all<Profile>('/api/v1/profiles')).toHaveLength(300);
    expect((await all<Task>('/api/v1/tasks')).length).toBe(tasksBefore);
  }, 300_000);
});
