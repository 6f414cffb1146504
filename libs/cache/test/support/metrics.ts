import { Counter, Gauge, Registry } from 'prom-client';
import { PROFILE_CACHE_METRIC, ProfileCacheMetrics } from '../../src/lib/profile-cache-metrics';

type MetricKey = keyof typeof PROFILE_CACHE_METRIC;
export type MetricValues = Record<MetricKey, number>;

const KEYS = Object.keys(PROFILE_CACHE_METRIC) as MetricKey[];

/** The cache metrics of one process, in a registry of their own (as a second replica has). */
export function metricsIn(registry: Registry): ProfileCacheMetrics {
  const counter = (key: MetricKey) =>
    new Counter({ name: PROFILE_CACHE_METRIC[key], help: key, registers: [registry] });
  const gauge = (key: MetricKey) =>
    new Gauge({ name: PROFILE_CACHE_METRIC[key], help: key, registers: [registry] });
  return new ProfileCacheMetrics(
    counter('hits'),
    counter('misses'),
    counter('bypasses'),
    counter('evictions'),
    counter('expirations'),
    counter('sets'),
    counter('invalidations'),
    gauge('entries'),
    gauge('circuitOpen'),
  );
}

/** Every cache series' value as the registry would expose it at /metrics. */
export async function metricValues(registry: Registry): Promise<MetricValues> {
  const values = {} as MetricValues;
  for (const key of KEYS) {
    const metric = registry.getSingleMetric(PROFILE_CACHE_METRIC[key]);
    if (!metric) throw new Error(`${PROFILE_CACHE_METRIC[key]} is not registered`);
    const { values: samples } = await metric.get();
    values[key] = samples.reduce((sum, sample) => sum + sample.value, 0);
  }
  return values;
}
