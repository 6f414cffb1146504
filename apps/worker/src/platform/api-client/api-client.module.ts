import { Module } from '@nestjs/common';
import { ProfileApiClient } from './profile-api.client';
import { TaskClaimClient } from './task-claim.client';

/** The worker's clients of the api: claiming task attempts, and reading current data for handlers. */
@Module({
  providers: [ProfileApiClient, TaskClaimClient],
  exports: [ProfileApiClient, TaskClaimClient],
})
export class ApiClientModule {}
