import { join } from 'node:path';
import { createTestVhost, eventually, freePort, ServiceProcess, TcpProxy } from '@profile/testing';
import type { TestVhost } from '@profile/testing';

const script = join(__dirname, '../../../dist/apps/worker/main.js');

describe('worker health, metrics and shutdown (process against real RabbitMQ)', () => {
  let vhost: TestVhost;
  let rabbitmq: TcpProxy;
  let worker: ServiceProcess;
  let baseUrl: string;

  beforeAll(async () => {
    vhost = await createTestVhost('worker_health');
    rabbitmq = await TcpProxy.start(5672);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    worker = ServiceProcess.start({
      script,
      env: {
        PORT: String(port),
        RABBITMQ_URL: vhost.url(rabbitmq.port),
        SHUTDOWN_DRAIN_MS: '1000',
      },
    });
    await worker.waitForHttp(`${baseUrl}/health/ready`);
  });

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await rabbitmq?.stop();
    await vhost?.delete();
  });

  const readiness = async () => {
    const response = await fetch(`${baseUrl}/health/ready`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('is ready while RabbitMQ answers', async () => {
    expect(await readiness()).toEqual({
      status: 200,
      body: { status: 'ok', shuttingDown: false, details: { rabbitmq: { status: 'up' } } },
    });
  });

  it('is not ready without RabbitMQ but stays live, and recovers', async () => {
    await rabbitmq.cut();
    await eventually(async () =>
      expect(await readiness()).toMatchObject({
        status: 503,
        body: { details: { rabbitmq: { status: 'down' } } },
      }),
    );
    expect((await fetch(`${baseUrl}/health/live`)).status).toBe(200);

    await rabbitmq.restore();
    await eventually(async () => expect((await readiness()).status).toBe(200), 15_000);
  });

  it('exports process metrics and request durations', async () => {
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^process_resident_memory_bytes \d/m);
    expect(metrics).toMatch(
      /^http_request_duration_seconds_count\{method="GET",route="\/health\/ready",status_code="200"\} [1-9]/m,
    );
  });

  it('on SIGTERM fails readiness first, then exits 0', async () => {
    const exit = worker.stop('SIGTERM');
    await eventually(async () =>
      expect(await readiness()).toMatchObject({ status: 503, body: { shuttingDown: true } }),
    );
    expect(await exit).toBe(0);
  });
});
