import { z } from 'zod';

/** How far back the history goes, and the width of one sample. */
export const METRICS_HISTORY_MINUTES = 60;

const counts = z.array(z.number().min(0));
/** null where there was nothing to measure (no request, no lookup) in that minute. */
const measurements = z.array(z.number().min(0).nullable());

/** One route's requests: the method and the route pattern, never a raw URL. */
export const routeHistorySchema = z.strictObject({
  method: z.string(),
  route: z.string(),
  requestsPerSecond: counts.meta({ description: 'Requests in the minute divided by 60' }),
  p50Ms: measurements,
  p99Ms: measurements,
});
export type RouteHistory = z.output<typeof routeHistorySchema>;

/**
 * `GET /api/v1/metrics/history`: per-minute samples of the last hour. Every array has one value per
 * entry of `minutes` (the start of each minute, oldest first; the last one is the current minute,
 * still filling).
 */
export const metricsHistorySchema = z.strictObject({
  source: z.enum(['samples', 'prometheus']).meta({
    description:
      'samples: kept by the api replicas in Redis, and tasks from their recorded attempts; ' +
      'prometheus: read from PROMETHEUS_URL',
  }),
  note: z
    .string()
    .optional()
    .meta({ description: 'Why the source is not the configured one, when it is not' }),
  minutes: z.array(z.iso.datetime({ offset: true })),
  routes: z.array(routeHistorySchema),
  cache: z.strictObject({
    hitRatio: measurements.meta({ description: 'Hits over lookups, 0 to 1' }),
    hits: counts,
    misses: counts,
    evictions: counts,
  }),
  tasks: z.strictObject({
    succeeded: counts.meta({ description: 'Attempts that finished and succeeded' }),
    failed: counts.meta({ description: 'Attempts that finished and failed' }),
    startLatenessP50Ms: measurements,
    startLatenessP99Ms: measurements,
  }),
});
export type MetricsHistory = z.output<typeof metricsHistorySchema>;
