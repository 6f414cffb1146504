import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { workerLeaseSchema } from '@profile/api-contract';
import { InjectServiceLogger } from '@profile/service-core';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { WORKER_ENVIRONMENT, WorkerEnvironment } from '../config/worker-environment';
import { apiRequest } from './api-request';

/** How soon a lease the api did not renew is asked for again. */
const RENEW_RETRY_MS = 1_000;

/**
 * This worker process's lease with the api, renewed while the process lives: the attempts it
 * claims stay its own until the lease expires (after a kill), and are freed when it shuts down
 * (after its consumers have stopped and put back what they did not finish).
 */
@Injectable()
export class WorkerLease implements OnApplicationBootstrap, OnApplicationShutdown {
  /** The process's id in its claims. */
  readonly workerId = randomUUID();
  private readonly path = `/api/v1/workers/${this.workerId}/lease`;
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private renewal: Promise<void> | undefined;
  private failing = false;

  constructor(
    @Inject(WORKER_ENVIRONMENT) private readonly environment: WorkerEnvironment,
    @InjectServiceLogger() private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.renewAfter(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.timer);
    await this.renewal;
    try {
      const response = await apiRequest(this.environment, this.path, undefined, {
        method: 'DELETE',
      });
      if (!response.ok) throw new Error(`the api answered ${response.status}`);
    } catch (error) {
      this.logger.warn(
        { workerId: this.workerId, error: String(error) },
        'worker lease not released: its claimed attempts wait for it to expire',
      );
    }
  }

  private renewAfter(ms: number): void {
    if (this.stopping.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.renewal = this.renew().then((next) => this.renewAfter(next));
    }, ms);
  }

  /** Renews the lease; answers when to renew it next. */
  private async renew(): Promise<number> {
    try {
      const response = await apiRequest(this.environment, this.path, this.stopping.signal, {
        method: 'PUT',
      });
      if (!response.ok) throw new Error(`the api answered ${response.status}`);
      const { renewAfterMs } = workerLeaseSchema.parse(await response.json());
      if (this.failing) this.logger.info({ workerId: this.workerId }, 'worker lease renewed again');
      this.failing = false;
      return renewAfterMs;
    } catch (error) {
      if (this.stopping.signal.aborted) return RENEW_RETRY_MS;
      // Logged once per run of failures, not once a second while the api is away.
      if (!this.failing) {
        this.logger.warn(
          { workerId: this.workerId, error: String(error) },
          'worker lease not renewed: retrying every second',
        );
      }
      this.failing = true;
      return RENEW_RETRY_MS;
    }
  }
}
