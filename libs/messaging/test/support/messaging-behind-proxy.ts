import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { createTestVhost, TcpProxy } from '@profile/testing';
import type { TestVhost } from '@profile/testing';
import { MessagingModule } from '../../src/lib/messaging.module';

/**
 * A MessagingModule on a RabbitMQ vhost of its own, connected through a proxy that a test can cut
 * and restore.
 */
export class MessagingBehindProxy {
  private constructor(
    readonly vhost: TestVhost,
    readonly proxy: TcpProxy,
    readonly module: TestingModule,
  ) {}

  static async start(vhostName: string): Promise<MessagingBehindProxy> {
    const vhost = await createTestVhost(vhostName);
    const proxy = await TcpProxy.start(5672);
    try {
      const module = await Test.createTestingModule({
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
      return new MessagingBehindProxy(vhost, proxy, module);
    } catch (error) {
      await proxy.stop();
      await vhost.delete();
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.module.close();
    await this.proxy.stop();
    await this.vhost.delete();
  }
}
