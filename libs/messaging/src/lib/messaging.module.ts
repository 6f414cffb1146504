import { RabbitMQModule } from '@golevelup/nestjs-rabbitmq';
import { Module } from '@nestjs/common';
import { BrokerConnection } from './broker-connection';
import { DeadLetterQueues } from './dead-letter-queues';
import { ConfirmedPublisher } from './confirmed-publisher';
import { MESSAGE_PUBLISHER } from './message-publisher';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging-environment';
import { RabbitMqHealthCheck } from './rabbitmq-health.check';
import { RabbitMqTransport } from './rabbitmq-transport';

const HEARTBEAT_SECONDS = 10;
const RECONNECT_SECONDS = 2;

/**
 * RabbitMQ for an app: golevelup's connection (one per process, reconnecting; BrokerConnection
 * tells whether it is up), the confirmed
 * publisher on it (MESSAGE_PUBLISHER), the `@nestjs/microservices` transport that runs the app's
 * `@Consume` handlers (connect it with `app.connectMicroservice({ strategy })`), the health
 * check and the dead-letter queues. It reads the MessagingOptions the app provides under MESSAGING_OPTIONS, and does not wait
 * for the broker at start: the app comes up without it, reports it down, and connects (declaring
 * the topology) when it arrives.
 */
@Module({
  imports: [
    RabbitMQModule.forRootAsync({
      inject: [MESSAGING_OPTIONS],
      useFactory: ({ environment }: MessagingOptions) => ({
        uri: environment.RABBITMQ_URL,
        connectionInitOptions: { wait: false },
        connectionManagerOptions: {
          heartbeatIntervalInSeconds: HEARTBEAT_SECONDS,
          reconnectTimeInSeconds: RECONNECT_SECONDS,
          connectionOptions: { clientProperties: { connection_name: 'profile-platform' } },
        },
        // Handlers are controller methods carried by RabbitMqTransport, not golevelup's subscribers.
        registerHandlers: false,
      }),
    }),
  ],
  providers: [
    BrokerConnection,
    ConfirmedPublisher,
    { provide: MESSAGE_PUBLISHER, useExisting: ConfirmedPublisher },
    RabbitMqTransport,
    RabbitMqHealthCheck,
    DeadLetterQueues,
  ],
  exports: [
    BrokerConnection,
    MESSAGE_PUBLISHER,
    RabbitMqTransport,
    RabbitMqHealthCheck,
    DeadLetterQueues,
  ],
})
export class MessagingModule {}
