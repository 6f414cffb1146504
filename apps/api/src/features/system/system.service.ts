import { Injectable } from '@nestjs/common';
import type { SystemStatus } from '@profile/api-contract';
import type { DependencyStatus } from '@profile/profile-domain';
import { ReadinessService } from '@profile/service-core';
import { WorkerHealthCheck } from './worker-health.check';

/** The state of the platform for consoles: this api, the worker, and the api's data services. */
@Injectable()
export class SystemService {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly worker: WorkerHealthCheck,
  ) {}

  async status(): Promise<SystemStatus> {
    const [report, worker] = await Promise.all([this.readiness.report(), this.workerStatus()]);
    const down: DependencyStatus = { status: 'down', message: 'not checked' };
    return {
      api: report.shuttingDown ? { status: 'down', message: 'shutting down' } : { status: 'up' },
      worker,
      postgres: report.details['postgres'] ?? down,
      redis: report.details['redis'] ?? down,
      rabbitmq: report.details['rabbitmq'] ?? down,
    };
  }

  private async workerStatus(): Promise<DependencyStatus> {
    try {
      await this.worker.check();
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', message: error instanceof Error ? error.message : String(error) };
    }
  }
}
