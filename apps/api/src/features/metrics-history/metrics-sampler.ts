import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { PROFILE_CACHE_METRIC } from '@profile/cache';
import { HTTP_DURATION_METRIC } from '@profile/service-core';
import { Histogram, register } from 'prom-client';
import { RepeatingJob } from '../../platform/scheduling/repeating-job';
import {
  type CacheEvent,
  fieldOf,
  MetricSamples,
  MINUTE_MS,
  type MinuteCounts,
} from './metric-samples';

/** How often each replica adds what its counters counted since to the shared samples. */
export const SAMPLE_INTERVAL_MS = 5_000;

const CACHE_COUNTERS: Record<CacheEvent, string> = {
  hits: PROFILE_CACHE_METRIC.hits,
  misses: PROFILE_CACHE_METRIC.misses,
  evictions: PROFILE_CACHE_METRIC.evictions,
};

/**
 * Turns this replica's Prometheus counters (HTTP requests and durations by route, cache hits,
 * misses and evictions) into per-minute increases in the shared samples, every
 * SAMPLE_INTERVAL_MS and once more on shutdown. What could not be written (Redis away) is counted
 * into the next write.
 */
@Injectable()
export class MetricsSampler implements OnModuleInit, OnModuleDestroy {
  private readonly job = new RepeatingJob('metrics sampler', SAMPLE_INTERVAL_MS, () =>
    this.sample(),
  );
  /** The counters' values as of the last write. */
  private written: MinuteCounts = new Map();

  constructor(private readonly samples: MetricSamples) {}

  onModuleInit(): void {
    this.job.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.job.stop();
    await this.sample().catch(() => undefined);
  }

  /** Adds what the counters counted since the last write to the current minute. */
  async sample(now = Date.now()): Promise<void> {
    const current = await this.counters();
    const increases: MinuteCounts = new Map();
    for (const [field, value] of current) {
      const increase = value - (this.written.get(field) ?? 0);
      if (increase > 0) increases.set(field, increase);
    }
    await this.samples.add(Math.floor(now / MINUTE_MS) * MINUTE_MS, increases);
    this.written = current;
  }

  private async counters(): Promise<MinuteCounts> {
    const counts: MinuteCounts = new Map();
    const add = (field: string, value: number) =>
      counts.set(field, (counts.get(field) ?? 0) + value);
    const duration = register.getSingleMetric(HTTP_DURATION_METRIC);
    const observed = duration instanceof Histogram ? (await duration.get()).values : [];
    for (const { metricName, labels, value } of observed) {
      const method = String(labels['method']);
      const route = String(labels['route']);
      if (metricName === `${HTTP_DURATION_METRIC}_count`) {
        add(fieldOf({ kind: 'requests', method, route }), value);
      } else if (metricName === `${HTTP_DURATION_METRIC}_bucket`) {
        add(fieldOf({ kind: 'duration', method, route, le: String(labels['le']) }), value);
      }
    }
    for (const [event, name] of Object.entries(CACHE_COUNTERS) as Array<[CacheEvent, string]>) {
      const counter = register.getSingleMetric(name);
      for (const { value } of (await counter?.get())?.values ?? []) {
        add(fieldOf({ kind: 'cache', event }), value);
      }
    }
    return counts;
  }
}
