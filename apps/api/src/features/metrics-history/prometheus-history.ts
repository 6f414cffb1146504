import type { MetricsHistory, RouteHistory } from '@profile/api-contract';
import { z } from 'zod';
import { MINUTE_MS } from './metric-samples';

/** How long one query to Prometheus may take. */
const QUERY_TIMEOUT_MS = 3_000;

const matrixSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    resultType: z.literal('matrix'),
    result: z.array(
      z.object({
        metric: z.record(z.string(), z.string()),
        values: z.array(z.tuple([z.number(), z.string()])),
      }),
    ),
  }),
});
type Series = z.output<typeof matrixSchema>['data']['result'];

/** The increase over the minute that ends at each evaluation time. */
const perMinute = (selector: string) => `increase(${selector}[1m])`;
const quantileMs = (q: number, selector: string, by: string) =>
  `histogram_quantile(${q}, sum by (${by}) (${perMinute(selector)})) * 1000`;

// The jobs k8s/monitoring's Prometheus scrapes the api and the worker as.
const API_DURATION = 'http_request_duration_seconds_bucket{job="api"}';
const QUERIES = {
  requests: `sum by (method, route) (${perMinute('http_request_duration_seconds_count{job="api"}')}) / 60`,
  p50: quantileMs(0.5, API_DURATION, 'method, route, le'),
  p99: quantileMs(0.99, API_DURATION, 'method, route, le'),
  hits: `sum(${perMinute('profile_cache_hits_total')})`,
  misses: `sum(${perMinute('profile_cache_misses_total')})`,
  evictions: `sum(${perMinute('profile_cache_evictions_total')})`,
  tasks: `sum by (outcome) (${perMinute('tasks_processed_total')})`,
  lateness50: quantileMs(0.5, 'task_start_lateness_seconds_bucket', 'le'),
  lateness99: quantileMs(0.99, 'task_start_lateness_seconds_bucket', 'le'),
} as const;

/**
 * The metric history read from Prometheus (the api's and the worker's own counters and histograms
 * as it scraped them): each minute's value is evaluated at the minute's end, over that minute.
 */
export class PrometheusHistory {
  constructor(private readonly baseUrl: string) {}

  async history(minutes: readonly number[]): Promise<Omit<MetricsHistory, 'minutes' | 'source'>> {
    const entries = await Promise.all(
      Object.entries(QUERIES).map(
        async ([name, query]) => [name, await this.range(query, minutes)] as const,
      ),
    );
    const series = Object.fromEntries(entries) as Record<keyof typeof QUERIES, Series>;
    const at = (found: Series, labels: Record<string, string> = {}) =>
      valuesAt(
        found.find(({ metric }) =>
          Object.entries(labels).every(([name, value]) => metric[name] === value),
        ),
        minutes,
      );
    const routes: RouteHistory[] = series.requests.map(({ metric }) => {
      const route = { method: metric['method'] ?? '', route: metric['route'] ?? '' };
      return {
        ...route,
        requestsPerSecond: at(series.requests, route).map((value) => value ?? 0),
        p50Ms: at(series.p50, route),
        p99Ms: at(series.p99, route),
      };
    });
    const hits = at(series.hits).map((value) => value ?? 0);
    const misses = at(series.misses).map((value) => value ?? 0);
    return {
      routes,
      cache: {
        hits,
        misses,
        evictions: at(series.evictions).map((value) => value ?? 0),
        hitRatio: hits.map((hit, index) =>
          hit + misses[index] > 0 ? hit / (hit + misses[index]) : null,
        ),
      },
      tasks: {
        succeeded: at(series.tasks, { outcome: 'succeeded' }).map((value) => value ?? 0),
        failed: at(series.tasks, { outcome: 'failed' }).map((value) => value ?? 0),
        startLatenessP50Ms: at(series.lateness50),
        startLatenessP99Ms: at(series.lateness99),
      },
    };
  }

  private async range(query: string, minutes: readonly number[]): Promise<Series> {
    const url = new URL(
      'api/v1/query_range',
      this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`,
    );
    url.searchParams.set('query', query);
    url.searchParams.set('start', String((minutes[0] + MINUTE_MS) / 1000));
    url.searchParams.set('end', String((minutes[minutes.length - 1] + MINUTE_MS) / 1000));
    url.searchParams.set('step', String(MINUTE_MS / 1000));
    const response = await fetch(url, { signal: AbortSignal.timeout(QUERY_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`Prometheus answered HTTP ${response.status}`);
    return matrixSchema.parse(await response.json()).data.result;
  }
}

/** A series' value for each minute (evaluated at the minute's end); null where it has none. */
function valuesAt(
  series: Series[number] | undefined,
  minutes: readonly number[],
): Array<number | null> {
  const byTime = new Map(
    (series?.values ?? []).map(([seconds, value]) => [seconds * 1000 - MINUTE_MS, Number(value)]),
  );
  return minutes.map((minute) => {
    const value = byTime.get(minute);
    return value === undefined || !Number.isFinite(value) ? null : Math.max(0, value);
  });
}
