import { Inject, Injectable } from '@nestjs/common';
import { problemTypeUri } from '@profile/api-contract';
import { RetryLater } from '@profile/messaging';
import type { TaskMessage } from '@profile/profile-domain';
import { WORKER_ENVIRONMENT, WorkerEnvironment } from '../config/worker-environment';
import { apiRequest, retryAfterMs } from './api-request';
import { WorkerLease } from './worker-lease';

/**
 * Not claimed: the attempt is finished or superseded (nothing to run), or another delivery holds
 * it while its worker lives (`heldForMs`: try again then, when it may be taken over).
 */
export type ClaimAnswer =
  { claimed: true } | { claimed: false; reason: string; heldForMs?: number };

/**
 * Claims a task attempt through the api before its handler runs, for one delivery of its message
 * in this worker process. An api that cannot answer now (unreachable, 5xx, 429) has the message
 * retried later; one that refuses the key or the request fails the delivery, as any error does.
 */
@Injectable()
export class TaskClaimClient {
  constructor(
    @Inject(WORKER_ENVIRONMENT) private readonly environment: WorkerEnvironment,
    private readonly lease: WorkerLease,
  ) {}

  async claim(task: TaskMessage, deliveryId: string, signal: AbortSignal): Promise<ClaimAnswer> {
    const path = `/api/v1/tasks/${task.taskId}/attempts/${task.attempt}/claim`;
    let response: Response;
    try {
      response = await apiRequest(this.environment, path, signal, {
        method: 'POST',
        body: { deliveryId, workerId: this.lease.workerId },
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new RetryLater(`the api did not answer the claim: ${String(error)}`, { cause: error });
    }
    if (response.ok) return { claimed: true };
    // Finished, superseded or held (409), or a task that no longer exists (404).
    if (response.status === 409 || response.status === 404) {
      const problem = await problemOf(response);
      if (problem.type !== problemTypeUri('attempt-held')) {
        return { claimed: false, reason: problem.detail };
      }
      const heldForMs = retryAfterMs(response.headers.get('retry-after'));
      return { claimed: false, reason: problem.detail, heldForMs };
    }
    if (response.status === 429 || response.status >= 500) {
      throw new RetryLater(`the api answered ${response.status} to the claim`);
    }
    const { detail } = await problemOf(response);
    throw new Error(`the api answered ${response.status} to the claim: ${detail}`);
  }
}

/** The type and detail of a problem answer (the raw text, when it is not one). */
async function problemOf(response: Response): Promise<{ type?: string; detail: string }> {
  const text = await response.text();
  try {
    const { type, detail } = JSON.parse(text) as { type?: unknown; detail?: unknown };
    return {
      type: typeof type === 'string' ? type : undefined,
      detail: typeof detail === 'string' ? detail : text,
    };
  } catch {
    return { detail: text };
  }
}
