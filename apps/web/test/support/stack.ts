import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Redis from 'ioredis';
import {
  createTestDatabase,
  createTestVhost,
  deleteCacheKeys,
  freePort,
  ServiceProcess,
  type TestDatabase,
  type TestVhost,
} from '@profile/testing';

const root = join(__dirname, '../../../..');
const nextBin = join(root, 'node_modules/next/dist/bin/next');
const apiDist = join(root, 'dist/apps/api');
const workerMain = join(root, 'dist/apps/worker/main.js');
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** The keys the test api accepts, by scope. */
export const KEYS = {
  admin: 'web-admin-secret',
  write: 'web-write-secret',
  read: 'web-read-secret',
} as const;
export type KeyScope = keyof typeof KEYS;
export const KEY_NAMES: Record<KeyScope, string> = {
  admin: 'admin',
  write: 'writer',
  read: 'reader',
};

export function apiKeysVariable(scopes: readonly KeyScope[] = ['admin', 'write', 'read']): string {
  return scopes.map((scope) => `${KEY_NAMES[scope]}:${scope}:${KEYS[scope]}`).join(',');
}

/** The FIFO capacity of the test api: small, so that an eviction takes a few reads. */
export const CACHE_MAX_ENTRIES = 3;

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * The whole platform as production processes, isolated for one test file: the api (migrated on a
 * database of its own, with a cache prefix of its own), the worker on a RabbitMQ vhost of its own,
 * and the built console under `next start`.
 */
export class Stack {
  private constructor(
    readonly label: string,
    private readonly database: TestDatabase,
    private readonly vhost: TestVhost,
    private readonly cachePrefix: string,
    readonly ports: { api: number; worker: number; web: number },
    private processes: { api?: ServiceProcess; worker?: ServiceProcess; web?: ServiceProcess },
  ) {}

  get apiUrl(): string {
    return `http://127.0.0.1:${this.ports.api}`;
  }

  get workerUrl(): string {
    return `http://127.0.0.1:${this.ports.worker}`;
  }

  get webUrl(): string {
    return `http://127.0.0.1:${this.ports.web}`;
  }

  /** RabbitMQ with the stack's own vhost, for a test to put messages where the apps read them. */
  get amqpUrl(): string {
    return this.vhost.url();
  }

  static async start(label: string): Promise<Stack> {
    const [database, vhost] = await Promise.all([
      createTestDatabase(`web_${label}`),
      createTestVhost(`web_${label}`),
    ]);
    const stack = new Stack(
      label,
      database,
      vhost,
      `test-web-${label}-${randomBytes(4).toString('hex')}`,
      { api: await freePort(), worker: await freePort(), web: await freePort() },
      {},
    );
    try {
      await ServiceProcess.run({
        script: join(apiDist, 'migrate.js'),
        env: { DATABASE_URL: database.url },
      });
      await stack.startApi();
      await Promise.all([stack.startWorker(), stack.startWeb()]);
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  /** Starts (or starts again) the api on its port; `apiKeys` replaces API_KEYS, e.g. to revoke one. */
  async startApi(apiKeys = apiKeysVariable()): Promise<void> {
    this.processes.api = ServiceProcess.start({
      script: join(apiDist, 'main.js'),
      env: {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        PORT: String(this.ports.api),
        DATABASE_URL: this.database.url,
        REDIS_URL,
        RABBITMQ_URL: this.vhost.url(),
        CACHE_PREFIX: this.cachePrefix,
        CACHE_MAX_ENTRIES: String(CACHE_MAX_ENTRIES),
        // The 50 ms default assumes an idle machine: under test load Redis may answer later, and a
        // timeout would make reads BYPASS the cache these tests watch.
        CACHE_TIMEOUT_MS: '1000',
        API_KEYS: apiKeys,
        RATE_LIMIT_LIMIT: '100000',
        WORKER_URL: this.workerUrl,
        WORKER_TIMEOUT_MS: '500',
        // A failed attempt comes back within a second, so retries can be watched.
        TASK_RETRY_BASE_MS: '300',
        TASK_RETRY_MAX_MS: '1000',
      },
    });
    await this.processes.api.waitForHttp(`${this.apiUrl}/health/ready`);
  }

  async stopApi(): Promise<void> {
    await this.processes.api?.stop();
    this.processes.api = undefined;
  }

  async startWorker(): Promise<void> {
    this.processes.worker = ServiceProcess.start({
      script: workerMain,
      env: {
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        PORT: String(this.ports.worker),
        RABBITMQ_URL: this.vhost.url(),
        API_URL: this.apiUrl,
        WORKER_API_KEY: KEYS.write,
      },
    });
    await this.processes.worker.waitForHttp(`${this.workerUrl}/health/ready`);
  }

  async stopWorker(): Promise<void> {
    await this.processes.worker?.stop();
    this.processes.worker = undefined;
  }

  private async startWeb(): Promise<void> {
    this.processes.web = await startConsole(this.ports.web, this.apiUrl);
  }

  /** The console's server output, for a failing test to show. */
  get webLogs(): string {
    return this.processes.web?.logs ?? '';
  }

  /** Calls the api directly, as the test's own client, with the key of `as`. */
  async api<T = Record<string, unknown>>(
    method: string,
    path: string,
    {
      as = 'admin',
      body,
      headers = {},
    }: { as?: KeyScope; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer<T>> {
    const response = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${KEYS[as]}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : undefined) as T,
    };
  }

  /** How many requests the api has answered for a method and route, by its Prometheus histogram. */
  async requestCount(method: string, route: string): Promise<number> {
    const metrics = await (await fetch(`${this.apiUrl}/metrics`)).text();
    return metrics
      .split('\n')
      .filter(
        (line) =>
          line.startsWith('http_request_duration_seconds_count{') &&
          line.includes(`method="${method}"`) &&
          line.includes(`route="${route}"`),
      )
      .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  }

  async stop(): Promise<void> {
    await this.processes.web?.stop();
    await this.processes.worker?.stop();
    await this.processes.api?.stop();
    await this.vhost.delete();
    const redis = new Redis(REDIS_URL, { lazyConnect: true });
    try {
      await deleteCacheKeys(redis, this.cachePrefix);
    } finally {
      redis.disconnect();
    }
    await this.database.drop();
  }
}

/** The built console under `next start` on `port`, calling the api at `apiUrl`, once it answers. */
export async function startConsole(port: number, apiUrl: string): Promise<ServiceProcess> {
  const web = ServiceProcess.start({
    script: nextBin,
    args: ['start', join(root, 'apps/web'), '--port', String(port), '--hostname', '127.0.0.1'],
    env: {
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      API_URL: apiUrl,
      SESSION_SECRET: randomBytes(32).toString('hex'),
    },
  });
  try {
    await web.waitForHttp(`http://127.0.0.1:${port}/sign-in`, [200], 30_000);
  } catch (error) {
    await web.stop('SIGKILL');
    throw error;
  }
  return web;
}

export { newProfile } from '@profile/testing';
