import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ProfileCacheModule, RedisHealthCheck } from '@profile/cache';
import { MessagingModule, RabbitMqHealthCheck } from '@profile/messaging';
import { HealthModule, MetricsModule } from '@profile/service-core';
import { AuditedEventsModule } from '../features/audited-events/audited-events.module';
import { CacheAdminModule } from '../features/cache-admin/cache-admin.module';
import { DeadLettersModule } from '../features/dead-letters/dead-letters.module';
import { MetricsHistoryModule } from '../features/metrics-history/metrics-history.module';
import { ProfilesModule } from '../features/profiles/profiles.module';
import { SystemModule } from '../features/system/system.module';
import { TasksModule } from '../features/tasks/tasks.module';
import { WorkersModule } from '../features/workers/workers.module';
import { AuthModule } from '../platform/auth/auth.module';
import { ApiConfigModule } from '../platform/config/api-config.module';
import type { ApiEnvironment } from '../platform/config/api-environment';
import { DatabaseModule } from '../platform/database/database.module';
import { PostgresHealthCheck } from '../platform/database/postgres-health.check';
import { HousekeepingModule } from '../platform/housekeeping/housekeeping.module';
import { ProblemFilter } from '../platform/problems/problem.filter';

@Module({})
export class AppModule {
  static register(environment: ApiEnvironment): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ApiConfigModule.forRoot(environment),
        MetricsModule,
        HealthModule.forRoot({
          imports: [DatabaseModule, ProfileCacheModule, MessagingModule],
          checks: [
            { use: PostgresHealthCheck, critical: true },
            { use: RedisHealthCheck, critical: false },
            { use: RabbitMqHealthCheck, critical: false },
          ],
        }),
        AuthModule,
        HousekeepingModule,
        ProfilesModule,
        TasksModule,
        WorkersModule,
        AuditedEventsModule,
        CacheAdminModule,
        DeadLettersModule,
        MetricsHistoryModule,
        SystemModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
