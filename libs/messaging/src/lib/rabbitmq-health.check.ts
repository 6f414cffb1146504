import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable } from '@nestjs/common';
import type { DependencyCheck } from '@profile/profile-domain';

@Injectable()
export class RabbitMqHealthCheck implements DependencyCheck {
  readonly name = 'rabbitmq';

  constructor(private readonly amqp: AmqpConnection) {}

  async check(): Promise<void> {
    if (!this.amqp.managedConnection.isConnected()) {
      throw new Error('not connected');
    }
  }
}
