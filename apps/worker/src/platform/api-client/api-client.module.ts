import { Module } from '@nestjs/common';
import { AuditedEventsClient } from './audited-events.client';
import { ProfileApiClient } from './profile-api.client';
import { TaskClaimClient } from './task-claim.client';
import { TaskEffectsClient } from './task-effects.client';
import { WorkerLease } from './worker-lease';

/**
 * The worker's clients of the api: its lease, claiming task attempts and recording their effects,
 * recording audited events, and reading current data for handlers.
 */
@Module({
  providers: [
    WorkerLease,
    ProfileApiClient,
    TaskClaimClient,
    TaskEffectsClient,
    AuditedEventsClient,
  ],
  exports: [ProfileApiClient, TaskClaimClient, TaskEffectsClient, AuditedEventsClient],
})
export class ApiClientModule {}
