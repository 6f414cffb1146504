import { DynamicModule, Module } from '@nestjs/common';
import { MessagingModule, RabbitMqHealthCheck } from '@profile/messaging';
import { HealthModule, LoggingModule, MetricsModule } from '@profile/service-core';
import { AuditModule } from '../features/audit/audit.module';
import { WORKER_ENVIRONMENT, WorkerEnvironment } from '../platform/config/worker-environment';
import { TasksModule } from '../features/tasks/tasks.module';

@Module({})
export class AppModule {
  static register(environment: WorkerEnvironment): DynamicModule {
    const messaging = MessagingModule.forRoot(environment);
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggingModule.forRoot({ service: 'worker', level: environment.LOG_LEVEL }),
        MetricsModule,
        messaging,
        HealthModule.forRoot({
          imports: [messaging],
          checks: [{ use: RabbitMqHealthCheck, critical: true }],
        }),
        TasksModule,
        AuditModule,
      ],
      providers: [{ provide: WORKER_ENVIRONMENT, useValue: environment }],
      exports: [WORKER_ENVIRONMENT, messaging],
    };
  }
}
