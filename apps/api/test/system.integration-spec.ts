import { createServer, Server } from 'node:http';
import { eventually, freePort } from '@profile/testing';
import { ApiUnderTest } from './support/api-under-test';

type WorkerBehaviour = 'ready' | 'unready' | 'hangs';

/** A stand-in for the worker's /health/ready that the test tells how to answer. */
class FakeWorker {
  behaviour: WorkerBehaviour = 'ready';
  readonly requests: string[] = [];

  private constructor(
    readonly port: number,
    private server: Server | undefined,
  ) {}

  static async start(): Promise<FakeWorker> {
    const worker = new FakeWorker(await freePort(), undefined);
    await worker.listen();
    return worker;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  listen(): Promise<void> {
    const server = createServer((request, response) => {
      this.requests.push(`${request.method} ${request.url}`);
      if (this.behaviour === 'hangs') return;
      response.writeHead(this.behaviour === 'ready' ? 200 : 503, {
        'content-type': 'application/json',
      });
      response.end(JSON.stringify({ status: this.behaviour === 'ready' ? 'ok' : 'error' }));
    });
    this.server = server;
    return new Promise((resolve) => server.listen(this.port, '127.0.0.1', () => resolve()));
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.closeAllConnections();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

describe('GET /api/v1/system (process with a fake worker)', () => {
  let worker: FakeWorker;
  let api: ApiUnderTest;

  beforeAll(async () => {
    worker = await FakeWorker.start();
    api = await ApiUnderTest.start('system', { WORKER_URL: worker.url, WORKER_TIMEOUT_MS: '300' });
    await eventually(async () =>
      expect((await system()).body).toMatchObject({ rabbitmq: { status: 'up' } }),
    );
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.close();
  });

  const system = async () => {
    const answer = await api.call('GET', '/api/v1/system', { as: 'read' });
    return { status: answer.status, body: answer.json() };
  };

  it('reports the api, the worker, PostgreSQL, Redis and RabbitMQ up to a read key', async () => {
    expect(await system()).toEqual({
      status: 200,
      body: {
        api: { status: 'up' },
        worker: { status: 'up' },
        postgres: { status: 'up' },
        redis: { status: 'up' },
        rabbitmq: { status: 'up' },
      },
    });
    expect(worker.requests.at(-1)).toBe('GET /health/ready');
    expect((await api.call('GET', '/api/v1/system', { as: null })).status).toBe(401);
  });

  it('reports the worker down when its readiness fails', async () => {
    worker.behaviour = 'unready';
    const { status, body } = await system();
    expect(status).toBe(200);
    expect(body['worker']).toEqual({ status: 'down', message: 'the worker answers 503' });
    expect(body['api']).toEqual({ status: 'up' });
  });

  it('reports the worker down, within its timeout, when it does not answer', async () => {
    worker.behaviour = 'hangs';
    const started = performance.now();
    const { status, body } = await system();
    expect(status).toBe(200);
    expect(body['worker']).toMatchObject({ status: 'down' });
    // WORKER_TIMEOUT_MS is 300: without it the answer would wait as long as the worker hangs.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('reports the worker down when nothing listens on WORKER_URL', async () => {
    await worker.close();
    const { body } = await system();
    expect(body['worker']).toMatchObject({ status: 'down', message: expect.any(String) });
    worker.behaviour = 'ready';
    await worker.listen();
    expect((await system()).body['worker']).toEqual({ status: 'up' });
  });

  it('reports Redis down while the api cannot reach it', async () => {
    await api.redisProxy.cut();
    try {
      await eventually(async () =>
        expect((await system()).body).toMatchObject({
          redis: { status: 'down' },
          postgres: { status: 'up' },
          api: { status: 'up' },
        }),
      );
    } finally {
      await api.redisProxy.restore();
    }
    await eventually(async () =>
      expect((await system()).body).toMatchObject({ redis: { status: 'up' } }),
    );
  });
});
