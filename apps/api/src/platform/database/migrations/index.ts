import type { MixedList } from 'typeorm';
import { Profiles1795517116938 } from './1795517116938-profiles';
import { TasksAndOutbox1795600000000 } from './1795600000000-tasks-and-outbox';
import { GenericOutbox1796000000000 } from './1796000000000-generic-outbox';
import { IdempotentProfileCreation1796100000000 } from './1796100000000-idempotent-profile-creation';
import { TaskAttemptsAndRetries1796200000000 } from './1796200000000-task-attempts-and-retries';
import { CacheRepairTokens1796300000000 } from './1796300000000-cache-repair-tokens';
import { TaskAttemptTracking1796310000000 } from './1796310000000-task-attempt-tracking';
import { OutboxClaimOwner1796320000000 } from './1796320000000-outbox-claim-owner';
import { WorkerLeasesAndTaskEffects1796330000000 } from './1796330000000-worker-leases-and-task-effects';

/**
 * Every migration, in order. Listed explicitly (not globbed) so the bundled app and the
 * migration Job run exactly the migrations that were reviewed.
 */
export const migrations: MixedList<string | (new () => unknown)> = [
  Profiles1795517116938,
  TasksAndOutbox1795600000000,
  GenericOutbox1796000000000,
  IdempotentProfileCreation1796100000000,
  TaskAttemptsAndRetries1796200000000,
  CacheRepairTokens1796300000000,
  TaskAttemptTracking1796310000000,
  OutboxClaimOwner1796320000000,
  WorkerLeasesAndTaskEffects1796330000000,
];
