import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ProfileCacheModule, RedisHealthCheck } from '@profile/cache';
import { MessagingModule, RabbitMqHealthCheck } from '@profile/messaging';
import { HealthModule, LoggingModule, MetricsModule } from '@profile/service-core';
import { ApiKeyGuard } from '../platform/auth/api-key.guard';
import { AuthModule } from '../platform/auth/auth.module';
import { CacheAdminModule } from '../features/cache-admin/cache-admin.module';
import { API_ENVIRONMENT, ApiEnvironment } from '../platform/config/api-environment';
import { DatabaseModule } from '../platform/database/database.module';
import { HousekeepingModule } from '../platform/housekeeping/housekeeping.module';
import { PostgresHealthCheck } from '../platform/database/postgres-health.check';
import { ProblemFilter } from '../platform/problems/problem.filter';
import { ProfilesModule } from '../features/profiles/profiles.module';
import { ApiThrottlerGuard } from '../platform/rate-limit/api-throttler.guard';
import { RateLimitModule } from '../platform/rate-limit/rate-limit.module';
import { SystemModule } from '../features/system/system.module';
import { TasksModule } from '../features/tasks/tasks.module';

@Module({})
export class AppModule {
  static register(environment: ApiEnvironment): DynamicModule {
    const database = DatabaseModule.forRoot(environment);
    const cache = ProfileCacheModule.forRoot(environment);
    const messaging = MessagingModule.forRoot(environment);
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggingModule.forRoot({ service: 'api', level: environment.LOG_LEVEL }),
        MetricsModule,
        database,
        cache,
        messaging,
        HealthModule.forRoot({
          imports: [database, cache, messaging],
          checks: [
            { use: PostgresHealthCheck, critical: true },
            { use: RedisHealthCheck, critical: false },
            { use: RabbitMqHealthCheck, critical: false },
          ],
        }),
        AuthModule,
        RateLimitModule,
        ProfilesModule,
        TasksModule,
        HousekeepingModule,
        CacheAdminModule,
        SystemModule,
      ],
      providers: [
        { provide: API_ENVIRONMENT, useValue: environment },
        { provide: APP_FILTER, useClass: ProblemFilter },
        // In this order: the rate limit counts requests before authentication refuses any.
        { provide: APP_GUARD, useClass: ApiThrottlerGuard },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
      ],
      exports: [API_ENVIRONMENT, cache, messaging],
    };
  }
}
