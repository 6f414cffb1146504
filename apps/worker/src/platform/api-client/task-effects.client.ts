import { Inject, Injectable } from '@nestjs/common';
import { taskEffectSchema } from '@profile/api-contract';
import { WORKER_ENVIRONMENT, WorkerEnvironment } from '../config/worker-environment';
import { apiRequestRetryingLater } from './api-request';

/**
 * Records through the api, before a handler has an outside effect, that the task has it, so that
 * the task has it once however often it runs. Waits out a 429 or 503 as its Retry-After says.
 */
@Injectable()
export class TaskEffectsClient {
  constructor(@Inject(WORKER_ENVIRONMENT) private readonly environment: WorkerEnvironment) {}

  /** True when this call recorded the effect first: the handler is to have it. */
  async recordFirst(taskId: string, effect: string, signal: AbortSignal): Promise<boolean> {
    const response = await apiRequestRetryingLater(
      this.environment,
      `/api/v1/tasks/${taskId}/effects/${effect}`,
      signal,
      { method: 'PUT' },
    );
    if (!response.ok) {
      throw new Error(`the api answered ${response.status} to the ${effect} of task ${taskId}`);
    }
    return taskEffectSchema.parse(await response.json()).firstTime;
  }
}
