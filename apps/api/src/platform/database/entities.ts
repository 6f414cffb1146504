import { CacheRepairEntity } from '../../features/cache-repairs/cache-repair.entity';
import { OutboxMessageEntity } from '../outbox/outbox-message.entity';
import { ProfileEntity } from '../../features/profiles/profile.entity';
import { AppliedMessageEntity } from '../../features/tasks/applied-message.entity';
import { IdempotencyKeyEntity } from '../idempotency/idempotency-key.entity';
import { TaskAttemptEntity } from '../../features/tasks/task-attempt.entity';
import { TaskEffectEntity } from '../../features/tasks/task-effect.entity';
import { TaskEntity } from '../../features/tasks/task.entity';
import { WorkerLeaseEntity } from '../../features/workers/worker-lease.entity';

/** Every entity, listed (not globbed) for the same reason as the migrations. */
export const entities = [
  ProfileEntity,
  CacheRepairEntity,
  TaskEntity,
  TaskAttemptEntity,
  TaskEffectEntity,
  WorkerLeaseEntity,
  OutboxMessageEntity,
  AppliedMessageEntity,
  IdempotencyKeyEntity,
];
