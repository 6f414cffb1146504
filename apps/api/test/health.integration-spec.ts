import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Redis from 'ioredis';
import {
  createTestDatabase,
  createTestVhost,
  deleteCacheKeys,
  eventually,
  freePort,
  POSTGRES_PORT,
  ServiceProcess,
  TcpProxy,
  TestDatabase,
  TestVhost,
} from '@profile/testing';

const root = join(__dirname, '../../..');
const dist = join(root, 'dist/apps/api');

describe('api health, metrics and shutdown (process against real services)', () => {
  let database: TestDatabase;
  let vhost: TestVhost;
  const cachePrefix = `test-api-health-${randomBytes(4).toString('hex')}`;
  let postgres: TcpProxy;
  let redis: TcpProxy;
  let rabbitmq: TcpProxy;
  let api: ServiceProcess;
  let baseUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase('api_health');
    vhost = await createTestVhost('api_health');
    await ServiceProcess.run({
      script: join(dist, 'migrate.js'),
      env: { DATABASE_URL: database.url },
    });
    postgres = await TcpProxy.start(POSTGRES_PORT);
    redis = await TcpProxy.start(6379);
    rabbitmq = await TcpProxy.start(5672);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    api = ServiceProcess.start({
      script: join(dist, 'main.js'),
      env: {
        PORT: String(port),
        DATABASE_URL: postgres.url(database.url),
        REDIS_URL: `redis://127.0.0.1:${redis.port}`,
        RABBITMQ_URL: vhost.url(rabbitmq.port),
        CACHE_PREFIX: cachePrefix,
        SHUTDOWN_DRAIN_MS: '1000',
      },
    });
    await api.waitForHttp(`${baseUrl}/health/live`);
    // Redis and RabbitMQ connect in the background: the api is ready before they are.
    await eventually(async () =>
      expect(await readiness()).toMatchObject({
        body: { details: { redis: { status: 'up' }, rabbitmq: { status: 'up' } } },
      }),
    );
  });

  afterAll(async () => {
    await api?.stop('SIGKILL');
    await Promise.all([postgres?.stop(), redis?.stop(), rabbitmq?.stop()]);
    const client = new Redis('redis://127.0.0.1:6379');
    await deleteCacheKeys(client, cachePrefix);
    client.disconnect();
    await Promise.all([vhost?.delete(), database?.drop()]);
  });

  async function readiness(): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${baseUrl}/health/ready`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('reports every dependency up', async () => {
    expect(await readiness()).toEqual({
      status: 200,
      body: {
        status: 'ok',
        shuttingDown: false,
        details: {
          postgres: { status: 'up' },
          redis: { status: 'up' },
          rabbitmq: { status: 'up' },
        },
      },
    });
  });

  it('answers liveness without looking at dependencies', async () => {
    const response = await fetch(`${baseUrl}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('stays ready without Redis, naming it down, and sees it come back', async () => {
    await redis.cut();
    await eventually(async () => {
      const { status, body } = await readiness();
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'ok', details: { redis: { status: 'down' } } });
    });
    await redis.restore();
    await eventually(async () =>
      expect(await readiness()).toMatchObject({ body: { details: { redis: { status: 'up' } } } }),
    );
  });

  it('stays ready without RabbitMQ, naming it down, and sees it come back', async () => {
    await rabbitmq.cut();
    await eventually(async () => {
      const { status, body } = await readiness();
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'ok', details: { rabbitmq: { status: 'down' } } });
    });
    await rabbitmq.restore();
    await eventually(
      async () =>
        expect(await readiness()).toMatchObject({
          body: { details: { rabbitmq: { status: 'up' } } },
        }),
      15_000,
    );
  });

  it('is not ready without PostgreSQL, and ready again when it returns', async () => {
    await postgres.cut();
    await eventually(async () => {
      const { status, body } = await readiness();
      expect(status).toBe(503);
      expect(body).toMatchObject({ status: 'error', details: { postgres: { status: 'down' } } });
    });
    await postgres.restore();
    await eventually(async () => expect((await readiness()).status).toBe(200));
  });

  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const echoed = await fetch(`${baseUrl}/health/live`, {
      headers: { 'X-Request-Id': 'trace-42.a' },
    });
    expect(echoed.headers.get('x-request-id')).toBe('trace-42.a');

    const replaced = await fetch(`${baseUrl}/health/live`, {
      headers: { 'X-Request-Id': 'bad id with spaces' },
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('exports process metrics and request durations labelled by route pattern', async () => {
    await fetch(`${baseUrl}/health/live`);
    await fetch(`${baseUrl}/no/such/route`);
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();

    expect(metrics).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(metrics).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(metrics).toMatch(
      /^http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_code="200"\} [1-9]/m,
    );
    expect(metrics).toMatch(
      /^http_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} [1-9]/m,
    );
  });

  it('logs requests as JSON with their id and path, but not probes or query strings', async () => {
    await fetch(`${baseUrl}/no/such/route?email=someone@example.test`, {
      headers: { 'X-Request-Id': 'log-check-1' },
    });
    await eventually(async () => expect(api.logs).toContain('"id":"log-check-1"'));

    const line = api.logs.split('\n').find((entry) => entry.includes('"id":"log-check-1"'));
    expect(JSON.parse(line!)).toMatchObject({
      level: 'info',
      service: 'api',
      req: { id: 'log-check-1', method: 'GET', path: '/no/such/route' },
      res: { statusCode: 404 },
    });
    expect(api.logs).not.toContain('someone@example.test');
    expect(api.logs).not.toMatch(/"path":"\/(health|metrics)/);
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const document = (await (await fetch(`${baseUrl}/docs-json`)).json()) as Record<
      string,
      unknown
    >;
    expect(document['openapi']).toMatch(/^3\./);
    const ui = await fetch(`${baseUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
  });

  it('on SIGTERM fails readiness first, then exits 0', async () => {
    const exit = api.stop('SIGTERM');
    await eventually(async () =>
      expect(await readiness()).toMatchObject({ status: 503, body: { shuttingDown: true } }),
    );
    expect(await exit).toBe(0);
    expect(api.logs).toContain('SIGTERM received: draining');
  });
});

describe('api start-up', () => {
  it('refuses to start with a bad variable, naming it', async () => {
    const api = ServiceProcess.start({
      script: join(dist, 'main.js'),
      env: { CACHE_MAX_ENTRIES: 'zero' },
    });
    expect(await api.exit()).toBe(1);
    expect(api.logs).toMatch(/^ {2}- CACHE_MAX_ENTRIES: .*\(got "zero"\)$/m);
  });
});
