import { Inject, Injectable } from '@nestjs/common';
import { auditedEventSchema } from '@profile/api-contract';
import { RetryLater } from '@profile/messaging';
import { WORKER_ENVIRONMENT, WorkerEnvironment } from '../config/worker-environment';
import { apiRequest } from './api-request';

/**
 * Records through the api that a profile event is audited, so that each is audited once across
 * worker processes and restarts. An api that cannot answer now (unreachable, 5xx, 429) has the
 * event retried later.
 */
@Injectable()
export class AuditedEventsClient {
  constructor(@Inject(WORKER_ENVIRONMENT) private readonly environment: WorkerEnvironment) {}

  /** True when this call recorded the event first: its audit line is to be written. */
  async recordFirst(messageId: string, signal: AbortSignal): Promise<boolean> {
    let response: Response;
    try {
      response = await apiRequest(this.environment, `/api/v1/audited-events/${messageId}`, signal, {
        method: 'PUT',
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new RetryLater(`the api did not answer: ${String(error)}`, { cause: error });
    }
    if (response.status === 429 || response.status >= 500) {
      throw new RetryLater(`the api answered ${response.status}`);
    }
    if (!response.ok) throw new Error(`the api answered ${response.status} for event ${messageId}`);
    return auditedEventSchema.parse(await response.json()).firstTime;
  }
}
