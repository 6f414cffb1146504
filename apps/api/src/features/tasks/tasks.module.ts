import { Module } from '@nestjs/common';
import { ProfileCacheModule } from '@profile/cache';
import { MessagingModule } from '@profile/messaging';
import { DatabaseModule } from '../../platform/database/database.module';
import { HousekeepingModule } from '../../platform/housekeeping/housekeeping.module';
import { IdempotencyModule } from '../../platform/idempotency/idempotency.module';
import { OutboxModule } from '../../platform/outbox/outbox.module';
import { AppliedMessagesRepository } from './applied-messages.repository';
import { TaskActivity } from './task-activity';
import { TaskAttemptsRepository } from './task-attempts.repository';
import { TaskResultsController } from './task-results.controller';
import { taskResultsMetricProvider, TaskResultsMetrics } from './task-results.metrics';
import { TaskClaims } from './task-claims';
import { TaskClaimsController } from './task-claims.controller';
import { TaskEffectsController } from './task-effects.controller';
import { TaskEffectsRepository } from './task-effects.repository';
import { TaskReconciler } from './task-reconciler';
import { TaskResultsService } from './task-results.service';
import { TaskRetention } from './task-retention';
import { TaskScheduler } from './task-scheduler';
import { TaskStatsService } from './task-stats';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

/**
 * The task endpoints, the scheduler other features use to create and cancel tasks in their
 * transactions, the consumer of `tasks.results`, which alone moves a task past `queued`, and the
 * reconciler, which settles tasks whose attempt was lost.
 */
@Module({
  imports: [
    DatabaseModule,
    OutboxModule,
    MessagingModule,
    HousekeepingModule,
    IdempotencyModule,
    ProfileCacheModule,
  ],
  controllers: [
    TasksController,
    TaskClaimsController,
    TaskEffectsController,
    TaskResultsController,
  ],
  providers: [
    TasksRepository,
    AppliedMessagesRepository,
    TaskAttemptsRepository,
    TaskScheduler,
    TasksService,
    TaskClaims,
    TaskEffectsRepository,
    taskResultsMetricProvider,
    TaskResultsMetrics,
    TaskResultsService,
    TaskReconciler,
    TaskRetention,
    TaskStatsService,
    TaskActivity,
  ],
  exports: [TaskScheduler, TaskActivity],
})
export class TasksModule {}
