import { RabbitMQModule } from '@golevelup/nestjs-rabbitmq';
import { DynamicModule, Module } from '@nestjs/common';
import { ConfirmedPublisher, PUBLISHER_OPTIONS } from './confirmed-publisher';
import { CONSUMER_OPTIONS, MessageConsumers } from './message-consumers';
import { MESSAGE_PUBLISHER } from './message-publisher';
import type { MessagingEnvironment } from './messaging-environment';
import { RabbitMqHealthCheck } from './rabbitmq-health.check';

const HEARTBEAT_SECONDS = 10;
const RECONNECT_SECONDS = 2;

/**
 * The RabbitMQ connection both apps share, the confirmed publisher (MESSAGE_PUBLISHER) and the
 * consumers. It does not wait for the broker at start: the apps come up without it, report it
 * down, and connect (declaring the topology) when it arrives.
 */
@Module({})
export class MessagingModule {
  static forRoot(environment: MessagingEnvironment): DynamicModule {
    return {
      module: MessagingModule,
      imports: [
        RabbitMQModule.forRoot({
          uri: environment.RABBITMQ_URL,
          connectionInitOptions: { wait: false },
          connectionManagerOptions: {
            heartbeatIntervalInSeconds: HEARTBEAT_SECONDS,
            reconnectTimeInSeconds: RECONNECT_SECONDS,
            connectionOptions: { clientProperties: { connection_name: 'profile-platform' } },
          },
          registerHandlers: false,
        }),
      ],
      providers: [
        RabbitMqHealthCheck,
        {
          provide: PUBLISHER_OPTIONS,
          useValue: { publishTimeoutMs: environment.PUBLISH_TIMEOUT_MS },
        },
        {
          provide: CONSUMER_OPTIONS,
          useValue: { drainTimeoutMs: environment.CONSUMER_DRAIN_TIMEOUT_MS },
        },
        ConfirmedPublisher,
        { provide: MESSAGE_PUBLISHER, useExisting: ConfirmedPublisher },
        MessageConsumers,
      ],
      exports: [RabbitMQModule, RabbitMqHealthCheck, MESSAGE_PUBLISHER, MessageConsumers],
    };
  }
}
