import { Inject, Injectable } from '@nestjs/common';
import type { DependencyCheck } from '@profile/profile-domain';
import { API_ENVIRONMENT, ApiEnvironment } from '../../platform/config/api-environment';

/** The worker is up when its readiness endpoint answers 200 within WORKER_TIMEOUT_MS. */
@Injectable()
export class WorkerHealthCheck implements DependencyCheck {
  readonly name = 'worker';

  constructor(@Inject(API_ENVIRONMENT) private readonly environment: ApiEnvironment) {}

  async check(): Promise<void> {
    const url = new URL('/health/ready', this.environment.WORKER_URL);
    const response = await fetch(url, {
      signal: AbortSignal.timeout(this.environment.WORKER_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`the worker answers ${response.status}`);
  }
}
