import { Module } from '@nestjs/common';
import { DatabaseModule } from '../../platform/database/database.module';
import { AppliedMessagesRepository } from '../tasks/applied-messages.repository';
import { AuditedEventsController } from './audited-events.controller';

/** The worker's record of audited profile events, in the inbox of applied message ids. */
@Module({
  imports: [DatabaseModule],
  controllers: [AuditedEventsController],
  providers: [AppliedMessagesRepository],
})
export class AuditedEventsModule {}
