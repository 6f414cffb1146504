import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { createTestVhost, eventually, TcpProxy } from '@profile/testing';
import type { TestVhost } from '@profile/testing';
import { MessagingModule } from './messaging.module';
import { RabbitMqHealthCheck } from './rabbitmq-health.check';

describe('RabbitMqHealthCheck (real RabbitMQ behind a proxy)', () => {
  let vhost: TestVhost;
  let proxy: TcpProxy;
  let module: TestingModule;
  let check: RabbitMqHealthCheck;

  beforeAll(async () => {
    vhost = await createTestVhost('health');
    proxy = await TcpProxy.start(5672);
    module = await Test.createTestingModule({
      imports: [
        MessagingModule.forRoot({
          RABBITMQ_URL: vhost.url(proxy.port),
          PUBLISH_TIMEOUT_MS: 1_000,
          CONSUMER_DRAIN_TIMEOUT_MS: 1_000,
        }),
      ],
    }).compile();
    module.useLogger(false);
    await module.init();
    check = module.get(RabbitMqHealthCheck);
  });

  afterAll(async () => {
    await module?.close();
    await proxy?.stop();
    await vhost?.delete();
  });

  it('passes once connected, fails when the broker goes away, and recovers', async () => {
    await eventually(() => check.check());

    await proxy.cut();
    await eventually(() => expect(check.check()).rejects.toThrow('not connected'));

    await proxy.restore();
    await eventually(() => check.check(), 15_000);
  });
});
