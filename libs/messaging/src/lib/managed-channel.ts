import type { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Logger } from '@nestjs/common';
import type { ConfirmChannel } from 'amqplib';
import { declareTopology } from './topology';

export type ManagedChannel = ReturnType<AmqpConnection['managedConnection']['createChannel']>;

/**
 * A confirm channel of the shared connection that survives reconnects: on every (re)connect it
 * declares the topology, then runs `setup` (prefetch, consumers, listeners).
 */
export function openManagedChannel(
  amqp: AmqpConnection,
  name: string,
  setup: (channel: ConfirmChannel) => Promise<void>,
): ManagedChannel {
  const logger = new Logger(`amqp:${name}`);
  const channel = amqp.managedConnection.createChannel({
    name,
    confirm: true,
    setup: async (raw: ConfirmChannel) => {
      await declareTopology(raw);
      await setup(raw);
    },
  });
  // Without a listener an 'error' event would throw; the wrapper retries on the next connect.
  channel.on('error', (error: Error) => logger.error(`channel setup failed: ${error.message}`));
  return channel;
}
