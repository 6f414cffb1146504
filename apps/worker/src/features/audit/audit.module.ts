import { Module } from '@nestjs/common';
import { ApiClientModule } from '../../platform/api-client/api-client.module';
import { ProfileEventsAuditController } from './profile-events-audit.controller';

/** Consumes `profile.events.audit` into the audit log. */
@Module({ imports: [ApiClientModule], controllers: [ProfileEventsAuditController] })
export class AuditModule {}
