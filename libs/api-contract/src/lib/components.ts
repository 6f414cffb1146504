import {
  cacheSnapshotSchema,
  createTaskRequestSchema,
  profileCreateSchema,
  profilePatchSchema,
  profileSchema,
  taskSchema,
} from '@profile/profile-domain';
import type { z } from 'zod';
import { auditedEventSchema } from './audited-events';
import {
  deadLetterDetailSchema,
  deadLetterPageSchema,
  deadLetterReplaySchema,
} from './dead-letters';
import { metricsHistorySchema } from './metrics-history';
import { problemSchema, validationProblemSchema } from './problems';
import { profilePageSchema } from './profiles';
import { whoAmISchema } from './scopes';
import { livenessSchema, readinessSchema, systemStatusSchema } from './system';
import {
  taskAttemptsSchema,
  taskClaimResultsSchema,
  taskClaimSchema,
  taskClaimsRequestSchema,
  taskEffectSchema,
  taskPageSchema,
  taskStatsSchema,
} from './tasks';
import { workerLeaseSchema } from './workers';

/**
 * The named bodies of the api's requests and answers, as the OpenAPI document lists them under
 * `components.schemas`.
 */
export const apiComponentSchemas = {
  Profile: profileSchema,
  ProfileCreate: profileCreateSchema,
  ProfilePatch: profilePatchSchema,
  ProfilePage: profilePageSchema,
  Task: taskSchema,
  TaskCreate: createTaskRequestSchema,
  TaskPage: taskPageSchema,
  TaskStats: taskStatsSchema,
  TaskAttempts: taskAttemptsSchema,
  TaskClaim: taskClaimSchema,
  TaskClaims: taskClaimsRequestSchema,
  TaskClaimResults: taskClaimResultsSchema,
  TaskEffect: taskEffectSchema,
  WorkerLease: workerLeaseSchema,
  AuditedEvent: auditedEventSchema,
  DeadLetterPage: deadLetterPageSchema,
  DeadLetterDetail: deadLetterDetailSchema,
  DeadLetterReplay: deadLetterReplaySchema,
  MetricsHistory: metricsHistorySchema,
  Problem: problemSchema,
  ValidationProblem: validationProblemSchema,
  WhoAmI: whoAmISchema,
  Readiness: readinessSchema,
  Liveness: livenessSchema,
  SystemStatus: systemStatusSchema,
  CacheSnapshot: cacheSnapshotSchema,
} satisfies Record<string, z.ZodType>;
export type ApiComponentName = keyof typeof apiComponentSchemas;
