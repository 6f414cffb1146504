import { Module } from '@nestjs/common';
import { MessagingModule } from '@profile/messaging';
import { ApiClientModule } from '../../platform/api-client/api-client.module';
import { StatusModule } from '../status/status.module';
import { DiagnosticTasksController } from './diagnostic-tasks.controller';
import { FinishedAttempts } from './finished-attempts';
import { ProfileTasksController } from './profile-tasks.controller';
import { TaskAttemptInterceptor } from './task-attempt.interceptor';
import { taskMetricProviders, TaskMetrics } from './task-metrics';
import { TaskResultsPublisher } from './task-results.publisher';

/** The task handlers, one controller method per task type, consuming `tasks.work`. */
@Module({
  imports: [MessagingModule, ApiClientModule, StatusModule],
  controllers: [ProfileTasksController, DiagnosticTasksController],
  providers: [
    TaskResultsPublisher,
    ...taskMetricProviders,
    TaskMetrics,
    FinishedAttempts,
    TaskAttemptInterceptor,
  ],
})
export class TasksModule {}
