import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { MessageConsumers, queues } from '@profile/messaging';
import { taskMessageSchema } from '@profile/profile-domain';
import { WORKER_ENVIRONMENT, WorkerEnvironment } from '../../platform/config/worker-environment';
import { ProfileApiClient } from '../../platform/api-client/profile-api.client';
import { StatusController } from '../status/status.controller';
import { WorkerStatus } from '../status/worker-status';
import { DiagnosticFailHandler } from './handlers/diagnostic-fail.handler';
import { DiagnosticSleepHandler } from './handlers/diagnostic-sleep.handler';
import { ProfileCompletenessReminderHandler } from './handlers/profile-completeness-reminder.handler';
import { ProfileWelcomeHandler } from './handlers/profile-welcome.handler';
import { TaskHandlerRegistry } from './task-handler.registry';
import { taskMetricProviders, TaskMetrics } from './task-metrics';
import { TaskResultsPublisher } from './task-results.publisher';
import { TaskRunner } from './task-runner';

/** Consumes `tasks.work` with WORKER_PREFETCH messages in flight, and serves `GET /status`. */
@Module({
  controllers: [StatusController],
  providers: [
    ProfileApiClient,
    ProfileWelcomeHandler,
    ProfileCompletenessReminderHandler,
    DiagnosticSleepHandler,
    DiagnosticFailHandler,
    TaskHandlerRegistry,
    TaskResultsPublisher,
    ...taskMetricProviders,
    TaskMetrics,
    WorkerStatus,
    TaskRunner,
  ],
})
export class TasksModule implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: MessageConsumers,
    private readonly runner: TaskRunner,
    @Inject(WORKER_ENVIRONMENT) private readonly environment: WorkerEnvironment,
  ) {}

  onApplicationBootstrap(): void {
    this.consumers.consume({
      queue: queues.taskWork,
      prefetch: this.environment.WORKER_PREFETCH,
      schema: taskMessageSchema,
      handle: (delivery) => this.runner.handle(delivery),
    });
  }
}
