import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { MessageConsumers, queues } from '@profile/messaging';
import { taskResultMessageSchema } from '@profile/profile-domain';
import { API_ENVIRONMENT, ApiEnvironment } from '../../platform/config/api-environment';
import { OutboxModule } from '../../platform/outbox/outbox.module';
import { IdempotencyKeys } from './idempotency-keys';
import { taskResultsMetricProvider, TaskResultsMetrics } from './task-results.metrics';
import { TaskResultsService } from './task-results.service';
import { TaskScheduler } from './task-scheduler';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

/**
 * The task endpoints, the scheduler other features use to create tasks in their transactions,
 * and the consumer of `tasks.results`, which alone moves a task past `queued`.
 */
@Module({
  imports: [OutboxModule],
  controllers: [TasksController],
  providers: [
    TasksRepository,
    TaskScheduler,
    IdempotencyKeys,
    TasksService,
    taskResultsMetricProvider,
    TaskResultsMetrics,
    TaskResultsService,
  ],
  exports: [TaskScheduler, TasksRepository],
})
export class TasksModule implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: MessageConsumers,
    private readonly results: TaskResultsService,
    @Inject(API_ENVIRONMENT) private readonly environment: ApiEnvironment,
  ) {}

  onApplicationBootstrap(): void {
    this.consumers.consume({
      queue: queues.taskResults,
      prefetch: this.environment.TASK_RESULTS_PREFETCH,
      schema: taskResultMessageSchema,
      handle: ({ envelope }) => this.results.apply(envelope),
    });
  }
}
