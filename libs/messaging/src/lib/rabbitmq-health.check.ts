import { Injectable } from '@nestjs/common';
import type { DependencyCheck } from '@profile/profile-domain';
import { BrokerConnection } from './broker-connection';
import { RabbitMqTransport } from './rabbitmq-transport';

/** Up while the connection is and every queue the app consumes has a running consumer. */
@Injectable()
export class RabbitMqHealthCheck implements DependencyCheck {
  readonly name = 'rabbitmq';

  constructor(
    private readonly connection: BrokerConnection,
    private readonly transport: RabbitMqTransport,
  ) {}

  async check(): Promise<void> {
    if (!this.connection.isConnected()) {
      throw new Error('not connected');
    }
    const stopped = this.transport
      .consumerStates()
      .filter(({ consuming }) => !consuming)
      .map(({ queue }) => queue);
    if (stopped.length > 0) {
      throw new Error(`not consuming ${stopped.join(', ')}`);
    }
  }
}
