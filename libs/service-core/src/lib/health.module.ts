import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import type { DependencyCheck } from '@profile/profile-domain';
import { HealthController } from './health.controller';
import { ReadinessService, REGISTERED_CHECKS, RegisteredCheck } from './readiness.service';
import { ShutdownState } from './shutdown';

export interface HealthOptions {
  /** Modules that provide the checks. */
  imports?: ModuleMetadata['imports'];
  checks: ReadonlyArray<{ use: Type<DependencyCheck>; critical: boolean }>;
}

/** `/health/live` and `/health/ready`, plus the ReadinessService other endpoints may report from. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions): DynamicModule {
    const checkTypes = options.checks.map(({ use }) => use);
    return {
      module: HealthModule,
      global: true,
      imports: options.imports ?? [],
      controllers: [HealthController],
      providers: [
        ShutdownState,
        ReadinessService,
        {
          provide: REGISTERED_CHECKS,
          inject: checkTypes,
          useFactory: (...instances: DependencyCheck[]): RegisteredCheck[] =>
            instances.map((check, index) => ({ check, critical: options.checks[index].critical })),
        },
      ],
      exports: [ShutdownState, ReadinessService],
    };
  }
}
