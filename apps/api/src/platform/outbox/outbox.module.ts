import { Module } from '@nestjs/common';
import { OutboxRelay } from './outbox.relay';
import { outboxMetricProviders, OutboxMetrics } from './outbox.metrics';
import { OutboxRepository } from './outbox.repository';

/** The outbox: OutboxRepository for changes to add messages, and the relay that publishes them. */
@Module({
  providers: [OutboxRepository, ...outboxMetricProviders, OutboxMetrics, OutboxRelay],
  exports: [OutboxRepository],
})
export class OutboxModule {}
