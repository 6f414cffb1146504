import { Inject, Injectable } from '@nestjs/common';
import { RetryLater } from '@profile/messaging';
import type { TaskMessage } from '@profile/profile-domain';
import { WORKER_ENVIRONMENT, WorkerEnvironment } from '../config/worker-environment';
import { apiRequest } from './api-request';

export type ClaimAnswer = { claimed: true } | { claimed: false; reason: string };

/**
 * Claims a task attempt through the api before its handler runs, for one delivery of its message.
 * An api that cannot answer now (unreachable, 5xx, 429) has the message retried later; one that
 * refuses the key or the request fails the delivery, as any error does.
 */
@Injectable()
export class TaskClaimClient {
  constructor(@Inject(WORKER_ENVIRONMENT) private readonly environment: WorkerEnvironment) {}

  async claim(task: TaskMessage, deliveryId: string, signal: AbortSignal): Promise<ClaimAnswer> {
    const path = `/api/v1/tasks/${task.taskId}/attempts/${task.attempt}/claim`;
    let response: Response;
    try {
      response = await apiRequest(this.environment, path, signal, {
        method: 'POST',
        body: { deliveryId },
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new RetryLater(`the api did not answer the claim: ${String(error)}`, { cause: error });
    }
    if (response.ok) return { claimed: true };
    // Taken, finished or superseded (409), or a task that no longer exists (404): nothing to run.
    if (response.status === 409 || response.status === 404) {
      return { claimed: false, reason: await detailOf(response) };
    }
    if (response.status === 429 || response.status >= 500) {
      throw new RetryLater(`the api answered ${response.status} to the claim`);
    }
    throw new Error(
      `the api answered ${response.status} to the claim: ${await detailOf(response)}`,
    );
  }
}

async function detailOf(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const detail = (JSON.parse(text) as { detail?: unknown }).detail;
    return typeof detail === 'string' ? detail : text;
  } catch {
    return text;
  }
}
