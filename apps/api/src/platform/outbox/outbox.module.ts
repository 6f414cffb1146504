import { Module } from '@nestjs/common';
import { MessagingModule } from '@profile/messaging';
import { DatabaseModule } from '../database/database.module';
import { HousekeepingModule } from '../housekeeping/housekeeping.module';
import { OutboxRelay } from './outbox.relay';
import { OutboxRetention } from './outbox-retention';
import { outboxMetricProviders, OutboxMetrics } from './outbox.metrics';
import { OutboxRepository } from './outbox.repository';

/**
 * The transactional outbox: OutboxRepository for changes to enqueue messages (and for their owners
 * to hear, in `onSent`, that they went out), and the relay that publishes them.
 */
@Module({
  imports: [DatabaseModule, MessagingModule, HousekeepingModule],
  providers: [
    OutboxRepository,
    ...outboxMetricProviders,
    OutboxMetrics,
    OutboxRelay,
    OutboxRetention,
  ],
  exports: [OutboxRepository],
})
export class OutboxModule {}
