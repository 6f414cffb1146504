import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createTestDatabase,
  createTestVhost,
  deleteCacheKeys,
  freePort,
  ServiceProcess,
} from '@profile/testing';
import type { TestDatabase, TestVhost } from '@profile/testing';
import Redis from 'ioredis';
import { Client } from 'pg';
import { imageNodeOptions } from './image-node-options';
import { BenchServer } from './processes';
import { ROOT } from './workspace-root';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const REGISTER = ['-r', '@swc-node/register'];
export const API_MAIN = join(ROOT, 'dist/apps/api/main.js');

export interface Endpoint {
  server: BenchServer;
  url: string;
}

/** Ids of the seeded profiles, written to files the wrk scripts read. */
export interface Seed {
  count: number;
  idsFile: string;
  /** One id: the profile every cache-hit request reads. */
  hotIdFile: string;
  hotId: string;
  /** Every seeded id; the PATCH runs take unchanged ones from it. */
  ids: string[];
}

const PROFILES_PER_PATCH_RUN = 2_000;

/**
 * Everything the bench measures, each on resources of its own: a database, a RabbitMQ vhost and a
 * Redis key prefix made for this run and removed after it. The api and worker run from their
 * production builds with NODE_ENV=production; the baselines beside them.
 */
export class BenchStack {
  readonly adminKey = randomBytes(16).toString('hex');
  private readonly workerKey = randomBytes(16).toString('hex');
  readonly cachePrefix = `bench-${randomBytes(4).toString('hex')}`;
  private readonly baselinePrefix = `${this.cachePrefix}-baseline`;
  api!: Endpoint;
  worker!: Endpoint;
  redisBaseline!: Endpoint;
  pgBaseline!: Endpoint;
  seed!: Seed;
  /** The api's environment but its port, for another process of it (see startProfiledApi). */
  private apiEnv: Record<string, string> = {};
  private readonly extraServers: BenchServer[] = [];
  private patchRuns = 0;

  private constructor(
    readonly database: TestDatabase,
    readonly vhost: TestVhost,
    private readonly workDir: string,
  ) {}

  static async start(workDir: string, profiles: number): Promise<BenchStack> {
    const stack = new BenchStack(
      await createTestDatabase('bench'),
      await createTestVhost('bench'),
      workDir,
    );
    try {
      await ServiceProcess.run({
        script: join(ROOT, 'dist/apps/api/migrate.js'),
        env: { DATABASE_URL: stack.database.url },
      });
      stack.seed = await stack.seedProfiles(profiles);
      await stack.startServers();
      return stack;
    } catch (error) {
      await stack.stop();
      throw error;
    }
  }

  async sql<Row>(query: string, values: unknown[] = []): Promise<Row[]> {
    const client = new Client({ connectionString: this.database.url });
    await client.connect();
    try {
      return (await client.query(query, values)).rows as Row[];
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(
      [this.api, this.worker, this.redisBaseline, this.pgBaseline]
        .filter((endpoint) => endpoint !== undefined)
        .map(({ server }) => server.stop())
        .concat(this.extraServers.map((server) => server.stop())),
    );
    const redis = new Redis(REDIS_URL);
    // Both prefixes are this run's own.
    await deleteCacheKeys(redis, this.cachePrefix);
    const baselineKeys = await redis.keys(`${this.baselinePrefix}:*`);
    if (baselineKeys.length > 0) await redis.unlink(...baselineKeys);
    redis.disconnect();
    await this.database.drop();
    await this.vhost.delete();
  }

  private async seedProfiles(count: number): Promise<Seed> {
    const rows = await this.sql<{ id: string }>(
      `INSERT INTO profiles (username, email, display_name, bio, location)
       SELECT 'seed-' || g, 'seed-' || g || '@bench.example', 'Seeded Profile ' || g,
              'A profile the bench seeded, with a bio of a realistic length.', 'Oslo'
       FROM generate_series(1, $1) AS g
       RETURNING id`,
      [count],
    );
    const ids = rows.map(({ id }) => id);
    const seed: Seed = {
      count,
      idsFile: join(this.workDir, 'ids.txt'),
      hotIdFile: join(this.workDir, 'hot-id.txt'),
      hotId: ids[0],
      ids,
    };
    await writeFile(seed.idsFile, `${ids.join('\n')}\n`);
    await writeFile(seed.hotIdFile, `${seed.hotId}\n`);
    return seed;
  }

  /**
   * "id version" lines of profiles no earlier run has changed, for one PATCH run: a run that
   * started from versions an earlier run moved past would get only 412s.
   */
  takePatchFile(): string {
    this.patchRuns += 1;
    const start = 1 + (this.patchRuns - 1) * PROFILES_PER_PATCH_RUN;
    const ids = this.seed.ids.slice(start, start + PROFILES_PER_PATCH_RUN);
    if (ids.length < PROFILES_PER_PATCH_RUN) {
      throw new Error(`seed more profiles: PATCH run ${this.patchRuns} has none left unchanged`);
    }
    const file = join(this.workDir, `patch-ids-${this.patchRuns}.txt`);
    writeFileSync(file, `${ids.map((id) => `${id} 1`).join('\n')}\n`);
    return file;
  }

  private async startServers(): Promise<void> {
    const [apiPort, workerPort, redisPort, pgPort] = await Promise.all(
      Array.from({ length: 4 }, () => freePort()),
    );
    const logDir = this.workDir;
    // BENCH_CPU_PROF=1: V8 CPU profiles of the api and the worker, written when they stop.
    const profiling =
      process.env['BENCH_CPU_PROF'] === '1'
        ? ['--cpu-prof', `--cpu-prof-dir=${join(this.workDir, 'profiles')}`]
        : [];
    this.apiEnv = {
      DATABASE_URL: this.database.url,
      REDIS_URL,
      RABBITMQ_URL: this.vhost.url(),
      CACHE_PREFIX: this.cachePrefix,
      API_KEYS: `bench:admin:${this.adminKey},worker:write/1000000:${this.workerKey}`,
      // A limit the bench's own rate cannot reach: the bench measures the api, not the limiter.
      RATE_LIMIT_TTL_MS: '1000',
      RATE_LIMIT_LIMIT: '1000000',
      WORKER_URL: `http://127.0.0.1:${workerPort}`,
      NODE_OPTIONS: imageNodeOptions('api'),
    };
    const apiServer = BenchServer.start({
      name: 'api',
      args: [...profiling, API_MAIN],
      logDir,
      env: { ...this.apiEnv, PORT: String(apiPort) },
    });
    const workerServer = BenchServer.start({
      name: 'worker',
      args: [...profiling, join(ROOT, 'dist/apps/worker/main.js')],
      logDir,
      env: {
        PORT: String(workerPort),
        RABBITMQ_URL: this.vhost.url(),
        API_URL: `http://127.0.0.1:${apiPort}`,
        WORKER_API_KEY: this.workerKey,
        NODE_OPTIONS: imageNodeOptions('worker'),
      },
    });
    const redisServer = BenchServer.start({
      name: 'baseline-redis',
      args: [...REGISTER, join(__dirname, 'baselines/redis-get-server.ts')],
      logDir,
      env: {
        PORT: String(redisPort),
        REDIS_URL,
        KEY_PREFIX: this.baselinePrefix,
        SWC_NODE_PROJECT: join(ROOT, 'tsconfig.register.json'),
      },
    });
    const pgServer = BenchServer.start({
      name: 'baseline-pg',
      args: [...REGISTER, join(__dirname, 'baselines/pg-select-server.ts')],
      logDir,
      env: {
        PORT: String(pgPort),
        DATABASE_URL: this.database.url,
        SWC_NODE_PROJECT: join(ROOT, 'tsconfig.register.json'),
      },
    });
    this.api = { server: apiServer, url: `http://127.0.0.1:${apiPort}` };
    this.worker = { server: workerServer, url: `http://127.0.0.1:${workerPort}` };
    this.redisBaseline = { server: redisServer, url: `http://127.0.0.1:${redisPort}` };
    this.pgBaseline = { server: pgServer, url: `http://127.0.0.1:${pgPort}` };
    await Promise.all([
      apiServer.waitForHttp(`${this.api.url}/health/ready`),
      workerServer.waitForHttp(`${this.worker.url}/health/ready`),
      redisServer.waitForHttp(`${this.redisBaseline.url}/ready`),
      pgServer.waitForHttp(`${this.pgBaseline.url}/ready`),
    ]);
    await this.untilApiDependenciesUp();
    await this.primeHotProfile();
  }

  /**
   * Another api process on the same database, Redis prefix and vhost, with the inspector open on
   * a port of its own, for CPU profiles of chosen stretches of load (see profiling.ts).
   */
  async startProfiledApi(): Promise<{ endpoint: Endpoint; inspectorPort: number }> {
    const [port, inspectorPort] = await Promise.all([freePort(), freePort()]);
    const server = BenchServer.start({
      name: 'api-profiled',
      args: [`--inspect=127.0.0.1:${inspectorPort}`, API_MAIN],
      logDir: this.workDir,
      env: { ...this.apiEnv, PORT: String(port) },
    });
    this.extraServers.push(server);
    const endpoint = { server, url: `http://127.0.0.1:${port}` };
    await server.waitForHttp(`${endpoint.url}/health/ready`);
    return { endpoint, inspectorPort };
  }

  /** The api is ready with PostgreSQL alone; Redis and RabbitMQ connect in the background. */
  private async untilApiDependenciesUp(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const response = await fetch(`${this.api.url}/health/ready`);
      const body = (await response.json()) as { details?: Record<string, { status: string }> };
      const details = Object.values(body.details ?? {});
      if (details.length > 0 && details.every(({ status }) => status === 'up')) return;
      if (Date.now() > deadline) throw new Error(`the api's dependencies: ${JSON.stringify(body)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** The hot profile in the api's cache, and its exact bytes under the baseline's key. */
  private async primeHotProfile(): Promise<void> {
    const response = await fetch(`${this.api.url}/api/v1/profiles/${this.seed.hotId}`, {
      headers: { authorization: `Bearer ${this.adminKey}` },
    });
    if (!response.ok) throw new Error(`reading the hot profile: ${response.status}`);
    const redis = new Redis(REDIS_URL);
    await redis.set(`${this.baselinePrefix}:${this.seed.hotId}`, await response.text());
    redis.disconnect();
    const again = await fetch(`${this.api.url}/api/v1/profiles/${this.seed.hotId}`, {
      headers: { authorization: `Bearer ${this.adminKey}` },
    });
    if (again.headers.get('x-cache') !== 'HIT') {
      throw new Error(`the hot profile is not cached (X-Cache: ${again.headers.get('x-cache')})`);
    }
  }
}
