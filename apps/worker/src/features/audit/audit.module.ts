import { Module } from '@nestjs/common';
import { ProfileEventsAuditController } from './profile-events-audit.controller';

/** Consumes `profile.events.audit` into the audit log. */
@Module({ controllers: [ProfileEventsAuditController] })
export class AuditModule {}
