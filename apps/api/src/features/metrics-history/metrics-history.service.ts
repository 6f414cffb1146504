import { Inject, Injectable } from '@nestjs/common';
import { type MetricsHistory, METRICS_HISTORY_MINUTES } from '@profile/api-contract';
import { PROFILE_CACHE_STORE } from '@profile/cache';
import { Cache, createCache, Store } from 'cache-manager';
import { API_ENVIRONMENT, ApiEnvironment } from '../../platform/config/api-environment';
import { ApiError } from '../../platform/problems/api-error';
import { TaskActivity } from '../tasks/task-activity';
import { MetricSamples, MINUTE_MS, type MinuteCounts } from './metric-samples';
import { PrometheusHistory } from './prometheus-history';
import { sampledHistory } from './sampled-history';

/** How long one history serves every console and replica (pages refresh every few seconds). */
export const METRICS_HISTORY_TTL_MS = 5_000;

/**
 * The per-minute history of the last hour, from Prometheus when PROMETHEUS_URL is set (and it
 * answers), otherwise from the replicas' samples in Redis and the recorded task attempts. One
 * history serves every caller for METRICS_HISTORY_TTL_MS through the shared cache-manager Store.
 */
@Injectable()
export class MetricsHistoryService {
  private readonly cache: Cache;
  private readonly prometheus: PrometheusHistory | undefined;
  /** Replicas configured alike share one history; one of another configuration does not. */
  private readonly cacheKey: string;

  constructor(
    private readonly samples: MetricSamples,
    private readonly tasks: TaskActivity,
    @Inject(PROFILE_CACHE_STORE) store: Store,
    @Inject(API_ENVIRONMENT) private readonly environment: ApiEnvironment,
  ) {
    this.cache = createCache(store);
    const { PROMETHEUS_URL } = environment;
    this.prometheus = PROMETHEUS_URL ? new PrometheusHistory(PROMETHEUS_URL) : undefined;
    this.cacheKey = `metrics:history:${PROMETHEUS_URL ?? 'samples'}`;
  }

  history(): Promise<MetricsHistory> {
    return this.cache
      .wrap(this.cacheKey, () => this.read(Date.now()), METRICS_HISTORY_TTL_MS)
      .catch(() => this.read(Date.now()));
  }

  private async read(now: number): Promise<MetricsHistory> {
    const minutes = lastHour(now);
    const times = minutes.map((minute) => new Date(minute).toISOString());
    let note: string | undefined;
    if (this.prometheus) {
      try {
        return {
          source: 'prometheus',
          minutes: times,
          ...(await this.prometheus.history(minutes)),
        };
      } catch (error) {
        note =
          `Prometheus (${this.environment.PROMETHEUS_URL}) could not be read: ${messageOf(error)}. ` +
          "These are the api's own samples.";
      }
    }
    const [counts, attempts] = await Promise.all([
      this.sampledCounts(minutes),
      this.tasks.perMinute(new Date(minutes[0])),
    ]);
    return {
      source: 'samples',
      ...(note ? { note } : {}),
      minutes: times,
      ...sampledHistory(minutes, counts, attempts),
    };
  }

  private async sampledCounts(minutes: readonly number[]): Promise<MinuteCounts[]> {
    try {
      return await this.samples.read(minutes);
    } catch (error) {
      throw new ApiError(
        'cache-unavailable',
        `Redis is unavailable, and with it the per-minute samples: ${messageOf(error)}.`,
      );
    }
  }
}

/** The start of each minute of the last hour, oldest first, the current minute last. */
function lastHour(now: number): number[] {
  const current = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  return Array.from(
    { length: METRICS_HISTORY_MINUTES },
    (_, index) => current - (METRICS_HISTORY_MINUTES - 1 - index) * MINUTE_MS,
  );
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
}
