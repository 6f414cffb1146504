import { CacheRepairEntity } from '../cache-repairs/cache-repair.entity';
import { OutboxMessageEntity } from '../outbox/outbox-message.entity';
import { ProfileEntity } from '../profiles/profile.entity';
import { AppliedMessageEntity } from '../tasks/applied-message.entity';
import { IdempotencyKeyEntity } from '../tasks/idempotency-key.entity';
import { TaskEntity } from '../tasks/task.entity';

/** Every entity, listed (not globbed) for the same reason as the migrations. */
export const entities = [
  ProfileEntity,
  CacheRepairEntity,
  TaskEntity,
  OutboxMessageEntity,
  AppliedMessageEntity,
  IdempotencyKeyEntity,
];
