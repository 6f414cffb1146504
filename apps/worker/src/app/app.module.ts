import { DynamicModule, Module } from '@nestjs/common';
import { MessagingModule, RabbitMqHealthCheck } from '@profile/messaging';
import { HealthModule, MetricsModule } from '@profile/service-core';
import { AuditModule } from '../features/audit/audit.module';
import { StatusModule } from '../features/status/status.module';
import { TasksModule } from '../features/tasks/tasks.module';
import { WorkerConfigModule } from '../platform/config/worker-config.module';
import type { WorkerEnvironment } from '../platform/config/worker-environment';

@Module({})
export class AppModule {
  static register(environment: WorkerEnvironment): DynamicModule {
    return {
      module: AppModule,
      imports: [
        WorkerConfigModule.forRoot(environment),
        MetricsModule,
        HealthModule.forRoot({
          imports: [MessagingModule],
          checks: [{ use: RabbitMqHealthCheck, critical: true }],
        }),
        TasksModule,
        AuditModule,
        StatusModule,
      ],
    };
  }
}
