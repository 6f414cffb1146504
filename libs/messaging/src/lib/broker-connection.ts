import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Injectable } from '@nestjs/common';

/** Whether the app is connected to RabbitMQ, and a way to hear when it (re)connects. */
@Injectable()
export class BrokerConnection {
  constructor(private readonly amqp: AmqpConnection) {}

  isConnected(): boolean {
    return this.amqp.managedConnection.isConnected();
  }

  /** Calls `listener` on every (re)connect; answers a function that stops it. */
  onConnect(listener: () => void): () => void {
    const connection = this.amqp.managedConnection;
    connection.on('connect', listener);
    return () => connection.off('connect', listener);
  }
}
