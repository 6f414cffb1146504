import { Global, Module, Type } from '@nestjs/common';
import type { INestMicroservice } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createTestVhost, TcpProxy } from '@profile/testing';
import type { TestVhost } from '@profile/testing';
import { MESSAGING_OPTIONS, MessagingOptions } from '../../src/lib/messaging-environment';
import { MessagingModule } from '../../src/lib/messaging.module';
import { RabbitMqTransport } from '../../src/lib/rabbitmq-transport';

/**
 * MessagingModule on a RabbitMQ vhost of its own, connected through a proxy that a test can cut
 * and restore, with the `@Consume` handlers of `controllers` on its transport.
 */
export class MessagingBehindProxy {
  private constructor(
    readonly vhost: TestVhost,
    readonly proxy: TcpProxy,
    readonly app: INestMicroservice,
  ) {}

  static async start(
    vhostName: string,
    controllers: Type[] = [],
    prefetch: MessagingOptions['prefetch'] = {},
  ): Promise<MessagingBehindProxy> {
    const vhost = await createTestVhost(vhostName);
    const proxy = await TcpProxy.start(5672);
    try {
      const options: MessagingOptions = {
        environment: {
          RABBITMQ_URL: vhost.url(proxy.port),
          PUBLISH_TIMEOUT_MS: 1_000,
          CONSUMER_DRAIN_TIMEOUT_MS: 1_000,
        },
        prefetch,
      };
      @Global()
      @Module({
        providers: [{ provide: MESSAGING_OPTIONS, useValue: options }],
        exports: [MESSAGING_OPTIONS],
      })
      class AppConfig {}
      const module = await Test.createTestingModule({
        imports: [AppConfig, MessagingModule],
        controllers,
      }).compile();
      module.useLogger(false);
      const app = module.createNestMicroservice({ strategy: module.get(RabbitMqTransport) });
      await app.init();
      return new MessagingBehindProxy(vhost, proxy, app);
    } catch (error) {
      await proxy.stop();
      await vhost.delete();
      throw error;
    }
  }

  /** Starts the handlers' consumers; until then the module only publishes. */
  async consume(): Promise<void> {
    await this.app.listen();
  }

  get<T>(token: Type<T> | symbol): T {
    return this.app.get(token);
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.proxy.stop();
    await this.vhost.delete();
  }
}
