import { Inject, Injectable } from '@nestjs/common';
import {
  MAX_TASK_CLAIMS,
  type TaskClaimResult,
  taskClaimResultsSchema,
  type TaskClaimsRequest,
} from '@profile/api-contract';
import { RetryLater } from '@profile/messaging';
import type { TaskMessage } from '@profile/profile-domain';
import { WORKER_ENVIRONMENT, WorkerEnvironment } from '../config/worker-environment';
import { apiRequest } from './api-request';
import { WorkerLease } from './worker-lease';

/**
 * Not claimed: the attempt is finished or superseded, or its task is gone (nothing to run), or
 * another delivery holds it while its worker lives (`heldForMs`: try again then, when it may be
 * taken over).
 */
export type ClaimAnswer =
  { claimed: true } | { claimed: false; reason: string; heldForMs?: number };

type Claim = TaskClaimsRequest['claims'][number];

interface Waiting {
  claim: Claim;
  resolve: (result: TaskClaimResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Claims task attempts through the api before their handlers run, each for one delivery of its
 * message in this worker process. Claims go in batches (`POST /api/v1/task-claims`): those made
 * while a batch is on its way go together in the next, so a burst of messages costs a few
 * requests, not one each. An api that cannot answer now (unreachable, 5xx, 429) has the messages
 * retried later; one that refuses the key or the request fails the deliveries, as any error does.
 */
@Injectable()
export class TaskClaimClient {
  private waiting: Waiting[] = [];
  private sending = false;

  constructor(
    @Inject(WORKER_ENVIRONMENT) private readonly environment: WorkerEnvironment,
    private readonly lease: WorkerLease,
  ) {}

  async claim(task: TaskMessage, deliveryId: string, signal: AbortSignal): Promise<ClaimAnswer> {
    const claim = { taskId: task.taskId, attempt: task.attempt, deliveryId };
    const result = await this.enqueue(claim, signal);
    switch (result.status) {
      case 'claimed':
        return { claimed: true };
      case 'held':
        return { claimed: false, reason: detailOf(result), heldForMs: result.retryAfterMs ?? 0 };
      case 'not-claimable':
      case 'not-found':
        return { claimed: false, reason: detailOf(result) };
    }
  }

  /**
   * The claim's result once its batch is answered. If `signal` aborts first, it rejects at once
   * and the claim is not sent, unless its batch is on its way already.
   */
  private enqueue(claim: Claim, signal: AbortSignal): Promise<TaskClaimResult> {
    signal.throwIfAborted();
    return new Promise<TaskClaimResult>((resolve, reject) => {
      const onAbort = () => {
        this.waiting = this.waiting.filter((waiting) => waiting !== entry);
        reject(signal.reason);
      };
      const entry: Waiting = {
        claim,
        resolve: (result) => {
          signal.removeEventListener('abort', onAbort);
          resolve(result);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
      if (!this.sending) setImmediate(() => void this.sendWaiting());
    });
  }

  /** Sends the waiting claims in batches, one batch on its way at a time, until none wait. */
  private async sendWaiting(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, MAX_TASK_CLAIMS);
        await this.send(batch);
      }
    } finally {
      this.sending = false;
    }
  }

  private async send(batch: Waiting[]): Promise<void> {
    try {
      const results = await this.post(batch.map(({ claim }) => claim));
      batch.forEach(({ resolve }, index) => resolve(results[index]));
    } catch (error) {
      for (const { reject } of batch) reject(error);
    }
  }

  private async post(claims: Claim[]): Promise<TaskClaimResult[]> {
    const body: TaskClaimsRequest = { workerId: this.lease.workerId, claims };
    let response: Response;
    try {
      // A batch serves many deliveries: it is not abandoned with one, only timed out.
      response = await apiRequest(this.environment, '/api/v1/task-claims', undefined, {
        method: 'POST',
        body,
      });
    } catch (error) {
      throw new RetryLater(`the api did not answer the claim: ${String(error)}`, { cause: error });
    }
    if (response.status === 429 || response.status >= 500) {
      await response.body?.cancel();
      throw new RetryLater(`the api answered ${response.status} to the claim`);
    }
    if (!response.ok) {
      throw new Error(`the api answered ${response.status} to the claim: ${await response.text()}`);
    }
    const { items } = taskClaimResultsSchema.parse(await response.json());
    if (items.length !== claims.length) {
      throw new Error(`the api answered ${items.length} claims of ${claims.length}`);
    }
    return items;
  }
}

function detailOf(result: TaskClaimResult): string {
  return result.detail ?? result.status;
}
