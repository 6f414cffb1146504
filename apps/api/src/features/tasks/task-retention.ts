import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { API_ENVIRONMENT, ApiEnvironment } from '../../platform/config/api-environment';
import { Housekeeping, retentionCutoff } from '../../platform/housekeeping/housekeeping';
import { AppliedMessagesRepository } from './applied-messages.repository';
import { TasksRepository } from './tasks.repository';

/**
 * Finished tasks go after TASK_RETENTION_MS (their idempotency keys with them), and applied result
 * ids after OUTBOX_RETENTION_MS: a result can be redelivered as long as its task message could be.
 */
@Injectable()
export class TaskRetention implements OnModuleInit {
  constructor(
    private readonly housekeeping: Housekeeping,
    private readonly tasks: TasksRepository,
    private readonly inbox: AppliedMessagesRepository,
    @Inject(API_ENVIRONMENT) private readonly environment: ApiEnvironment,
  ) {}

  onModuleInit(): void {
    const { TASK_RETENTION_MS, OUTBOX_RETENTION_MS } = this.environment;
    this.housekeeping.register('tasks', (now) =>
      this.tasks.pruneFinished(retentionCutoff(now, TASK_RETENTION_MS)),
    );
    this.housekeeping.register('appliedMessages', (now) =>
      this.inbox.prune(retentionCutoff(now, OUTBOX_RETENTION_MS)),
    );
  }
}
