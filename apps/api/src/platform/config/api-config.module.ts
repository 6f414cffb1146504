import { DynamicModule, Global, Module } from '@nestjs/common';
import { CACHE_ENVIRONMENT } from '@profile/cache';
import { MESSAGING_OPTIONS, MessagingOptions, queues } from '@profile/messaging';
import { API_ENVIRONMENT, ApiEnvironment } from './api-environment';

/**
 * The api's validated environment, for every module: API_ENVIRONMENT, and the slices the cache
 * (CACHE_ENVIRONMENT) and messaging (MESSAGING_OPTIONS, with each consumed queue's prefetch) read.
 */
@Global()
@Module({})
export class ApiConfigModule {
  static forRoot(environment: ApiEnvironment): DynamicModule {
    const messaging: MessagingOptions = {
      environment,
      prefetch: { [queues.taskResults]: environment.TASK_RESULTS_PREFETCH },
    };
    return {
      module: ApiConfigModule,
      providers: [
        { provide: API_ENVIRONMENT, useValue: environment },
        { provide: CACHE_ENVIRONMENT, useValue: environment },
        { provide: MESSAGING_OPTIONS, useValue: messaging },
      ],
      exports: [API_ENVIRONMENT, CACHE_ENVIRONMENT, MESSAGING_OPTIONS],
    };
  }
}
