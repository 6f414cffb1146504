import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Redis from 'ioredis';
import {
  createTestDatabase,
  createTestVhost,
  freePort,
  ServiceProcess,
  TcpProxy,
  TestDatabase,
  TestVhost,
} from '@profile/testing';

export const root = join(__dirname, '../../../..');
export const dist = join(root, 'dist/apps/api');
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** The keys every test api accepts, by scope. */
export const KEYS = {
  admin: 'test-admin-secret',
  write: 'test-write-secret',
  read: 'test-read-secret',
} as const;
const API_KEYS = `admin:admin:${KEYS.admin},writer:write:${KEYS.write},reader:read:${KEYS.read}`;

export interface CallOptions {
  /** The scope whose key to send; null sends none. Defaults to admin. */
  as?: keyof typeof KEYS | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (undefined when empty or not JSON). */
  body: unknown;
  /** The body as the type the test expects it to have. */
  json<T = Record<string, unknown>>(): T;
}

/**
 * The built api as its own process, on a database, a cache prefix and a RabbitMQ vhost of its own,
 * with Redis behind a proxy the test may cut. Nothing shared is flushed or stopped.
 */
export class ApiUnderTest {
  private constructor(
    readonly baseUrl: string,
    readonly process: ServiceProcess,
    readonly database: TestDatabase,
    readonly redisProxy: TcpProxy,
    readonly redis: Redis,
    readonly cachePrefix: string,
    readonly vhost: TestVhost,
  ) {}

  static async start(label: string, env: Record<string, string> = {}): Promise<ApiUnderTest> {
    const database = await createTestDatabase(`api_${label}`);
    const vhost = await createTestVhost(`api_${label}`);
    await ServiceProcess.run({
      script: join(dist, 'migrate.js'),
      env: { DATABASE_URL: database.url },
    });
    const redisProxy = await TcpProxy.start(Number(new URL(REDIS_URL).port || 6379));
    const cachePrefix = `test-api-${label}-${randomBytes(4).toString('hex')}`;
    const port = await freePort();
    const api = ServiceProcess.start({
      script: join(dist, 'main.js'),
      env: {
        PORT: String(port),
        DATABASE_URL: database.url,
        REDIS_URL: redisProxy.url(REDIS_URL),
        RABBITMQ_URL: vhost.url(),
        CACHE_PREFIX: cachePrefix,
        API_KEYS,
        RATE_LIMIT_LIMIT: '100000',
        // A loaded test machine can stall Redis past the production 50 ms; tests about
        // timeouts set their own.
        CACHE_TIMEOUT_MS: '1000',
        WORKER_TIMEOUT_MS: '200',
        ...env,
      },
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    await api.waitForHttp(`${baseUrl}/health/ready`);
    const redis = new Redis(REDIS_URL, { lazyConnect: true });
    return new ApiUnderTest(baseUrl, api, database, redisProxy, redis, cachePrefix, vhost);
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const { as = 'admin', body, headers = {} } = options;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(as ? { authorization: `Bearer ${KEYS[as]}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    const parsed: unknown = isJson && text ? JSON.parse(text) : undefined;
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: parsed,
      json: <T>() => parsed as T,
    };
  }

  /** The version Redis holds for a profile, or null when the cache has no entry for it. */
  async cachedVersion(id: string): Promise<number | null> {
    const version = await this.redis.hget(`{${this.cachePrefix}}:versions`, id);
    return version === null ? null : Number(version);
  }

  async stop(): Promise<void> {
    await this.process.stop('SIGTERM');
    await this.redisProxy.stop();
    const keys = await this.redis.keys(`{${this.cachePrefix}}*`);
    if (keys.length > 0) await this.redis.unlink(...keys);
    this.redis.disconnect();
    await this.database.drop();
    await this.vhost.delete();
  }
}

let sequence = 0;

/** A valid profile body with a unique username and e-mail. */
export function newProfile(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  const unique = `${randomBytes(3).toString('hex')}${sequence}`;
  return {
    username: `user-${unique}`,
    email: `user-${unique}@example.com`,
    displayName: `User ${unique}`,
    ...overrides,
  };
}
