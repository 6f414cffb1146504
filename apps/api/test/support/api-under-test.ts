import type { Profile } from '@profile/profile-domain';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import {
  createTestDatabase,
  createTestVhost,
  deleteCacheKeys,
  freePort,
  newProfile,
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
export const API_KEYS = `admin:admin:${KEYS.admin},writer:write:${KEYS.write},reader:read:${KEYS.read}`;

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

export interface StartOptions {
  /** The Redis the proxy forwards to; the shared one by default. */
  redisUrl?: string;
  /** A proxy to PostgreSQL the api connects through (the test may cut it); a direct connection by default. */
  databaseProxy?: TcpProxy;
}

/** One running api process and the calls a test makes to it. */
export class ApiProcess {
  constructor(
    readonly baseUrl: string,
    readonly process: ServiceProcess,
  ) {}

  /** Everything the process wrote to stdout and stderr so far. */
  get logs(): string {
    return this.process.logs;
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

  /** Creates a new profile with a write key and returns it. */
  async createProfile(): Promise<Profile> {
    const answer = await this.call('POST', '/api/v1/profiles', { as: 'write', body: newProfile() });
    if (answer.status !== 201)
      throw new Error(`creating a profile: ${answer.status} ${answer.text}`);
    return answer.json<Profile>();
  }

  /** Reads a profile by id with a read key. */
  readProfile(id: string): Promise<Answer> {
    return this.call('GET', `/api/v1/profiles/${id}`, { as: 'read' });
  }

  /** Starts the built api on a free port and waits until it is ready. */
  static async launch(env: Record<string, string>): Promise<ApiProcess> {
    const port = await freePort();
    const process = ServiceProcess.start({
      script: join(dist, 'main.js'),
      env: {
        API_KEYS,
        RATE_LIMIT_LIMIT: '100000',
        WORKER_TIMEOUT_MS: '200',
        // The 50 ms default assumes an idle machine; under test load Redis may answer later, and
        // the tests that are not about timeouts must see the cache used.
        CACHE_TIMEOUT_MS: '1000',
        ...env,
        PORT: String(port),
      },
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    try {
      await process.waitForHttp(`${baseUrl}/health/ready`);
    } catch (error) {
      await process.stop('SIGKILL');
      throw error;
    }
    return new ApiProcess(baseUrl, process);
  }
}

/**
 * The built api as its own process, on a database, a cache prefix and a RabbitMQ vhost of its own,
 * with Redis behind a proxy the test may cut. Nothing shared is flushed or stopped.
 */
export class ApiUnderTest extends ApiProcess {
  private readonly replicas: ApiProcess[] = [];

  private constructor(
    api: ApiProcess,
    /** The environment the api runs with (its replicas get the same). */
    readonly env: Record<string, string>,
    readonly database: TestDatabase,
    readonly vhost: TestVhost,
    readonly redisProxy: TcpProxy,
    readonly redis: Redis,
    readonly cachePrefix: string,
  ) {
    super(api.baseUrl, api.process);
  }

  /** Starts the api; `env` adds to (or overrides) its environment. */
  static async start(
    label: string,
    env: Record<string, string> = {},
    options: StartOptions = {},
  ): Promise<ApiUnderTest> {
    const redisUrl = options.redisUrl ?? REDIS_URL;
    const database = await createTestDatabase(`api_${label}`);
    const vhost = await createTestVhost(`api_${label}`);
    const redisProxy = await TcpProxy.start(Number(new URL(redisUrl).port || 6379));
    const cachePrefix = `test-api-${label}-${randomBytes(4).toString('hex')}`;
    try {
      await ServiceProcess.run({
        script: join(dist, 'migrate.js'),
        env: { DATABASE_URL: database.url },
      });
      const apiEnv = {
        DATABASE_URL: options.databaseProxy?.url(database.url) ?? database.url,
        REDIS_URL: redisProxy.url(redisUrl),
        RABBITMQ_URL: vhost.url(),
        CACHE_PREFIX: cachePrefix,
        ...env,
      };
      const api = await ApiProcess.launch(apiEnv);
      const redis = new Redis(redisUrl, { lazyConnect: true });
      return new ApiUnderTest(api, apiEnv, database, vhost, redisProxy, redis, cachePrefix);
    } catch (error) {
      await Promise.all([redisProxy.stop(), vhost.delete(), database.drop()]);
      throw error;
    }
  }

  /** Another api process on the same database, Redis prefix and vhost, as a second replica. */
  async startReplica(): Promise<ApiProcess> {
    const replica = await ApiProcess.launch(this.env);
    this.replicas.push(replica);
    return replica;
  }

  /** The version Redis holds for a profile, or null when the cache has no entry for it. */
  async cachedVersion(id: string): Promise<number | null> {
    const version = await this.redis.hget(`{${this.cachePrefix}}:versions`, id);
    return version === null ? null : Number(version);
  }

  /** Runs SQL on the api's database with a connection of the test's own. */
  async sql<Row = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<Row[]> {
    const client = await this.connectToDatabase();
    try {
      return (await client.query(text, values)).rows as Row[];
    } finally {
      await client.end();
    }
  }

  /** A connection of the test's own to the api's database; the caller ends it. */
  async connectToDatabase(): Promise<Client> {
    const client = new Client({ connectionString: this.database.url });
    await client.connect();
    return client;
  }

  async stop(): Promise<void> {
    await Promise.all([this, ...this.replicas].map(({ process }) => process.stop('SIGTERM')));
    await this.redisProxy.stop();
    await deleteCacheKeys(this.redis, this.cachePrefix);
    this.redis.disconnect();
    await Promise.all([this.vhost.delete(), this.database.drop()]);
  }
}

export { newProfile } from '@profile/testing';
