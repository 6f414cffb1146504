import type { INestApplication } from '@nestjs/common';
import { RabbitMqTransport } from './rabbitmq-transport';

/**
 * Connects the app's `@Consume` handlers to RabbitMQ and starts consuming. Call it once the app is
 * initialised (so no handler runs before the providers it uses are), before it listens for HTTP.
 * The consumers stop when the app closes, after its HTTP server.
 */
export async function startMessageConsumers(app: INestApplication): Promise<void> {
  app.connectMicroservice({ strategy: app.get(RabbitMqTransport) });
  await app.startAllMicroservices();
}
