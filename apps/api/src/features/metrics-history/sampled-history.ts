import type { MetricsHistory, RouteHistory } from '@profile/api-contract';
import { histogramQuantile } from './histogram-quantile';
import { counterOf, fieldOf, type MinuteCounts } from './metric-samples';
import type { AttemptMinutes } from '../tasks/task-attempts.repository';

type SampledParts = Pick<MetricsHistory, 'routes' | 'cache' | 'tasks'>;

/**
 * The history from the replicas' per-minute samples (one MinuteCounts per minute of `minutes`)
 * and the attempts recorded per minute.
 */
export function sampledHistory(
  minutes: readonly number[],
  counts: readonly MinuteCounts[],
  attempts: AttemptMinutes,
): SampledParts {
  return { routes: routesOf(counts), cache: cacheOf(counts), tasks: tasksOf(minutes, attempts) };
}

function routesOf(counts: readonly MinuteCounts[]): RouteHistory[] {
  const routes = new Map<string, { method: string; route: string }>();
  for (const minute of counts) {
    for (const field of minute.keys()) {
      const counter = counterOf(field);
      if (counter?.kind === 'requests') routes.set(`${counter.method} ${counter.route}`, counter);
    }
  }
  return [...routes.values()].map(({ method, route }) => {
    const perMinute = counts.map((minute) => minuteOfRoute(minute, method, route));
    return {
      method,
      route,
      requestsPerSecond: perMinute.map(({ requests }) => requests / 60),
      p50Ms: perMinute.map(({ buckets }) => milliseconds(histogramQuantile(0.5, buckets))),
      p99Ms: perMinute.map(({ buckets }) => milliseconds(histogramQuantile(0.99, buckets))),
    };
  });
}

function minuteOfRoute(minute: MinuteCounts, method: string, route: string) {
  let requests = 0;
  const buckets: Array<{ le: number; count: number }> = [];
  for (const [field, value] of minute) {
    const counter = counterOf(field);
    if (!counter || counter.kind === 'cache') continue;
    if (counter.method !== method || counter.route !== route) continue;
    if (counter.kind === 'requests') requests += value;
    else buckets.push({ le: Number(counter.le === '+Inf' ? Infinity : counter.le), count: value });
  }
  return { requests, buckets };
}

function cacheOf(counts: readonly MinuteCounts[]): MetricsHistory['cache'] {
  const event = (name: 'hits' | 'misses' | 'evictions') =>
    counts.map((minute) => minute.get(fieldOf({ kind: 'cache', event: name })) ?? 0);
  const hits = event('hits');
  const misses = event('misses');
  return {
    hits,
    misses,
    evictions: event('evictions'),
    hitRatio: hits.map((hit, index) =>
      hit + misses[index] > 0 ? hit / (hit + misses[index]) : null,
    ),
  };
}

function tasksOf(minutes: readonly number[], { finished, lateness }: AttemptMinutes) {
  const finishedIn = (outcome: 'succeeded' | 'failed') =>
    minutes.map((minute) =>
      finished
        .filter((row) => row.minute === minute && row.outcome === outcome)
        .reduce((total, row) => total + row.count, 0),
    );
  const latenessIn = (quantile: 'p50' | 'p99') =>
    minutes.map((minute) => lateness.find((row) => row.minute === minute)?.[quantile] ?? null);
  return {
    succeeded: finishedIn('succeeded'),
    failed: finishedIn('failed'),
    startLatenessP50Ms: latenessIn('p50'),
    startLatenessP99Ms: latenessIn('p99'),
  };
}

function milliseconds(seconds: number | null): number | null {
  return seconds === null ? null : seconds * 1000;
}
