export * from './lib/audited-events';
export * from './lib/client/api-answer';
export * from './lib/client/api-client';
export * from './lib/components';
export * from './lib/dead-letters';
export * from './lib/idempotency';
export * from './lib/metrics-history';
export * from './lib/pagination';
export * from './lib/problems';
export * from './lib/profiles';
export * from './lib/scopes';
export * from './lib/system';
export * from './lib/tasks';
export * from './lib/workers';
// The domain's schemas that are part of the wire, so that a client needs this package alone.
export {
  cacheOutcomeSchema,
  cacheSnapshotSchema,
  createTaskRequestSchema,
  dependencyStatusSchema,
  profileCreateSchema,
  profilePatchSchema,
  profileSchema,
  readinessReportSchema,
  taskSchema,
  taskStatusSchema,
  taskTypeSchema,
  type CacheOutcome,
  type CacheSnapshot,
  type DependencyStatus,
  type FieldError,
  type Profile,
  type ProfileCreate,
  type ProfilePatch,
  type ReadinessReport,
  type Task,
  type TaskStatus,
  type TaskType,
} from '@profile/profile-domain';
