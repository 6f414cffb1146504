import { DynamicModule, Global, Module } from '@nestjs/common';
import { MESSAGING_OPTIONS, MessagingOptions, queues } from '@profile/messaging';
import { WORKER_ENVIRONMENT, WorkerEnvironment } from './worker-environment';

/** Profile events the audit takes at once: writing a log line is quick. */
const AUDIT_PREFETCH = 20;

/**
 * The worker's validated environment, for every module: WORKER_ENVIRONMENT, and the slice the
 * messaging library reads with each consumed queue's prefetch (MESSAGING_OPTIONS).
 */
@Global()
@Module({})
export class WorkerConfigModule {
  static forRoot(environment: WorkerEnvironment): DynamicModule {
    const messaging: MessagingOptions = {
      environment,
      prefetch: {
        [queues.taskWork]: environment.WORKER_PREFETCH,
        [queues.profileEventsAudit]: AUDIT_PREFETCH,
      },
    };
    return {
      module: WorkerConfigModule,
      providers: [
        { provide: WORKER_ENVIRONMENT, useValue: environment },
        { provide: MESSAGING_OPTIONS, useValue: messaging },
      ],
      exports: [WORKER_ENVIRONMENT, MESSAGING_OPTIONS],
    };
  }
}
