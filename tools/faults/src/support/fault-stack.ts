import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  createTestVhost,
  freePort,
  ServiceProcess,
  TcpProxy,
  type TestVhost,
} from '@profile/testing';
import { PostgresCluster } from './postgres-cluster';
import { PublishedMessages } from './published-messages';
import { RedisServer } from './redis-server';

export const root = join(__dirname, '../../../..');
const apiDist = join(root, 'dist/apps/api');
const workerScript = join(root, 'dist/apps/worker/main.js');

/** The keys the api accepts: the suite's, by scope, and the worker's (read scope). */
export const KEYS = {
  admin: 'faults-admin-secret',
  write: 'faults-write-secret',
  read: 'faults-read-secret',
  worker: 'faults-worker-secret',
} as const;
const API_KEYS = [
  `admin:admin:${KEYS.admin}`,
  `writer:write:${KEYS.write}`,
  `reader:read:${KEYS.read}`,
  shippedWorkerKey(),
].join(',');

/**
 * The worker's key as the repository ships it (its entry of .env.example's API_KEYS: the scope
 * and any limit of its own), with the suite's secret.
 */
export function shippedWorkerKey(): string {
  const apiKeys = /^API_KEYS=(.*)$/m.exec(readFileSync(join(root, '.env.example'), 'utf8'))?.[1];
  const entry = apiKeys?.split(',').find((key) => key.startsWith('worker:'));
  if (!entry) throw new Error('.env.example has no worker entry in API_KEYS');
  const [name, scope] = entry.split(':');
  return `${name}:${scope}:${KEYS.worker}`;
}

export interface Answer {
  /** 0 when no answer came (refused, reset, timed out). */
  status: number;
  headers: Headers;
  body: Record<string, unknown> | undefined;
}

export interface StackOptions {
  /** Adds to (or overrides) the api's environment. */
  apiEnv?: Record<string, string>;
  workerEnv?: Record<string, string>;
  /** The api and the worker reach RabbitMQ each through a TcpProxy the scenario may freeze or cut. */
  proxyRabbit?: boolean;
}

interface Started {
  name: string;
  process: ServiceProcess;
}

/**
 * The built api and worker as processes of their own on private instances: a PostgreSQL cluster
 * and a redis-server the stack starts, and a RabbitMQ vhost of its own. Every process's output,
 * and PostgreSQL's and Redis's, goes to reports/faults/<scenario>/ when the stack stops.
 */
export class FaultStack {
  private readonly started: Started[] = [];
  private apiProcess: ServiceProcess | undefined;
  private workerProcess: ServiceProcess | undefined;
  private observer: PublishedMessages | undefined;
  private proxies: Record<'api' | 'worker', TcpProxy> | undefined;

  private constructor(
    readonly scenario: string,
    readonly logDir: string,
    readonly postgres: PostgresCluster,
    readonly redis: RedisServer,
    readonly vhost: TestVhost,
    readonly databaseUrl: string,
    readonly apiPort: number,
    readonly workerPort: number,
    private readonly options: StackOptions,
  ) {}

  static async start(scenario: string, options: StackOptions = {}): Promise<FaultStack> {
    const logDir = join(root, 'reports/faults', scenario);
    rmSync(logDir, { recursive: true, force: true });
    mkdirSync(logDir, { recursive: true });
    const postgres = await PostgresCluster.start();
    let redis: RedisServer | undefined;
    let vhost: TestVhost | undefined;
    let databaseUrl: string;
    try {
      redis = await RedisServer.start();
      vhost = await createTestVhost(`faults_${scenario}`);
      databaseUrl = await postgres.createDatabase('profiles');
    } catch (error) {
      await vhost?.delete();
      await redis?.destroy();
      await postgres.destroy();
      throw error;
    }
    const stack = new FaultStack(
      scenario,
      logDir,
      postgres,
      redis,
      vhost,
      databaseUrl,
      await freePort(),
      await freePort(),
      options,
    );
    try {
      await ServiceProcess.run({
        script: join(apiDist, 'migrate.js'),
        env: { DATABASE_URL: stack.databaseUrl },
      });
      if (options.proxyRabbit) {
        const port = Number(new URL(vhost.url()).port || 5672);
        stack.proxies = { api: await TcpProxy.start(port), worker: await TcpProxy.start(port) };
      }
      await stack.startApi();
      stack.observer = await PublishedMessages.observe(vhost.url());
      await stack.startWorker();
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  /** The proxy between the api or the worker and RabbitMQ (`proxyRabbit`). */
  rabbitProxy(app: 'api' | 'worker'): TcpProxy {
    if (!this.proxies) throw new Error('the stack runs without proxyRabbit');
    return this.proxies[app];
  }

  get published(): PublishedMessages {
    if (!this.observer) throw new Error('the stack has not started');
    return this.observer;
  }

  /** Every worker process's output so far, the killed ones' included. */
  get workerLogs(): string[] {
    return this.started
      .filter(({ name }) => name.startsWith('worker'))
      .map(({ process }) => process.logs);
  }

  /** Starts an api on the stack's api port (the worker's API_URL) and waits until it is ready. */
  async startApi(): Promise<void> {
    this.apiProcess = await this.launch('api', join(apiDist, 'main.js'), this.apiPort, {
      API_KEYS,
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redis.url,
      RABBITMQ_URL: this.vhost.url(this.proxies?.api.port),
      CACHE_PREFIX: `faults-${this.scenario}`,
      // The scenarios measure faults, not the limiter (rate-limit sets its own).
      RATE_LIMIT_LIMIT: '1000000',
      // The defaults assume an idle machine; the suite shares two cores with the load it makes.
      CACHE_TIMEOUT_MS: '1000',
      WORKER_URL: `http://127.0.0.1:${this.workerPort}`,
      TASK_RETRY_BASE_MS: '500',
      ...this.options.apiEnv,
    });
  }

  async startWorker(): Promise<void> {
    this.workerProcess = await this.launch('worker', workerScript, this.workerPort, {
      RABBITMQ_URL: this.vhost.url(this.proxies?.worker.port),
      API_URL: this.apiUrl,
      WORKER_API_KEY: KEYS.worker,
      ...this.options.workerEnv,
    });
  }

  /** Stalls the app's link to RabbitMQ: what it publishes waits for its confirm. */
  stallRabbit(app: 'api' | 'worker'): void {
    this.rabbitProxy(app).freeze();
  }

  /** Drops the app's stalled link to RabbitMQ and lets it connect again. */
  async resumeRabbit(app: 'api' | 'worker'): Promise<void> {
    const proxy = this.rabbitProxy(app);
    await proxy.cut();
    proxy.thaw();
    await proxy.restore();
  }

  async killApi(): Promise<void> {
    await this.apiProcess?.stop('SIGKILL');
    this.apiProcess = undefined;
  }

  async killWorker(): Promise<void> {
    await this.workerProcess?.stop('SIGKILL');
    this.workerProcess = undefined;
  }

  /** One request to the api; a request that gets no answer has status 0. */
  async call(
    method: string,
    path: string,
    options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const { key = KEYS.admin, body, headers = {} } = options;
    try {
      const response = await fetch(`${this.apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      const json = /json/.test(response.headers.get('content-type') ?? '') && text;
      return {
        status: response.status,
        headers: response.headers,
        body: json ? (JSON.parse(text) as Record<string, unknown>) : undefined,
      };
    } catch {
      return { status: 0, headers: new Headers(), body: undefined };
    }
  }

  /** Runs SQL on the api's database with a connection of the suite's own. */
  async sql<Row = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<Row[]> {
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as Row[];
    } finally {
      await client.end();
    }
  }

  /** Writes `content` to reports/faults/<scenario>/<file>. */
  record(file: string, content: string): void {
    writeFileSync(join(this.logDir, file), content);
  }

  /** Stops every process (SIGTERM), the observer, Redis and PostgreSQL; deletes the vhost. */
  async stop(): Promise<void> {
    await Promise.all(this.started.map(({ process }) => process.stop('SIGTERM')));
    this.started.forEach(({ name, process }) => this.record(`${name}.log`, process.logs));
    await this.observer?.close();
    await Promise.all(Object.values(this.proxies ?? {}).map((proxy) => proxy.stop()));
    await this.redis.destroy();
    this.record('redis.log', this.redis.log);
    if (existsSync(this.postgres.logFile))
      this.record('postgres.log', readFileSync(this.postgres.logFile, 'utf8'));
    await this.postgres.destroy();
    await this.vhost.delete().catch(() => undefined);
  }

  private async launch(
    kind: 'api' | 'worker',
    script: string,
    port: number,
    env: Record<string, string>,
  ): Promise<ServiceProcess> {
    const process = ServiceProcess.start({ script, env: { ...env, PORT: String(port) } });
    const count = this.started.filter(({ name }) => name.startsWith(kind)).length;
    this.started.push({ name: `${kind}-${count + 1}`, process });
    await process.waitForHttp(`http://127.0.0.1:${port}/health/ready`, [200], 60_000);
    return process;
  }
}

/**
 * Starts the scenario's stack before the tests of the `describe` it is called in, and stops it
 * after them; answers the stack while they run.
 */
export function faultStackFor(scenario: string, options: StackOptions = {}): () => FaultStack {
  let stack: FaultStack | undefined;
  beforeAll(async () => {
    stack = await FaultStack.start(scenario, options);
  });
  afterAll(async () => {
    await stack?.stop();
  });
  return () => {
    if (!stack) throw new Error(`the ${scenario} stack did not start`);
    return stack;
  };
}
