import { Module } from '@nestjs/common';
import { AuditedEventsClient } from './audited-events.client';
import { ProfileApiClient } from './profile-api.client';
import { TaskClaimClient } from './task-claim.client';

/**
 * The worker's clients of the api: claiming task attempts, recording audited events, and reading
 * current data for handlers.
 */
@Module({
  providers: [ProfileApiClient, TaskClaimClient, AuditedEventsClient],
  exports: [ProfileApiClient, TaskClaimClient, AuditedEventsClient],
})
export class ApiClientModule {}
