import { Injectable, Provider } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import type { CircuitState } from './circuit-breaker';
import type { FifoEffects } from './redis-fifo';

export const PROFILE_CACHE_METRIC = {
  hits: 'profile_cache_hits_total',
  misses: 'profile_cache_misses_total',
  bypasses: 'profile_cache_bypasses_total',
  evictions: 'profile_cache_evictions_total',
  expirations: 'profile_cache_expirations_total',
  sets: 'profile_cache_sets_total',
  invalidations: 'profile_cache_invalidations_total',
  entries: 'profile_cache_entries',
  circuitOpen: 'profile_cache_circuit_open',
} as const;

/**
 * The providers register in prom-client's default registry, which PrometheusModule serves at
 * /metrics, so the app need not import anything but ProfileCacheModule. They find an already
 * registered metric of the same name and reuse it, so a second module instance (tests, hot reload)
 * does not register twice.
 */
export const profileCacheMetricProviders: Provider[] = [
  makeCounterProvider({
    name: PROFILE_CACHE_METRIC.hits,
    help: 'Profile cache lookups answered from Redis.',
  }),
  makeCounterProvider({
    name: PROFILE_CACHE_METRIC.misses,
    help: 'Profile cache lookups that found nothing (each merged concurrent miss counts).',
  }),
  makeCounterProvider({
    name: PROFILE_CACHE_METRIC.bypasses,
    help: 'Profile reads that went around the cache because Redis was unavailable.',
  }),
  makeCounterProvider({
    name: PROFILE_CACHE_METRIC.evictions,
    help: 'Entries removed to stay within CACHE_MAX_ENTRIES (oldest first).',
  }),
  makeCounterProvider({
    name: PROFILE_CACHE_METRIC.expirations,
    help: 'Entries removed because their TTL had passed.',
  }),
  makeCounterProvider({
    name: PROFILE_CACHE_METRIC.sets,
    help: 'Entries stored, by a fill after a miss or by a write-through.',
  }),
  makeCounterProvider({
    name: PROFILE_CACHE_METRIC.invalidations,
    help: 'Entries removed by an invalidation (a deleted profile).',
  }),
  makeGaugeProvider({
    name: PROFILE_CACHE_METRIC.entries,
    help: 'Entries in the cache, as of the last cache operation of this process.',
  }),
  makeGaugeProvider({
    name: PROFILE_CACHE_METRIC.circuitOpen,
    help: '1 while the circuit breaker in front of Redis is open or probing, 0 when closed.',
  }),
];

/**
 * Counts what this process's cache operations did. Redis-side events (evictions, expirations, the
 * entry count) come from the scripts' own answers, so across replicas each event is counted once,
 * by the replica whose script caused it.
 */
@Injectable()
export class ProfileCacheMetrics {
  constructor(
    @InjectMetric(PROFILE_CACHE_METRIC.hits) private readonly hits: Counter,
    @InjectMetric(PROFILE_CACHE_METRIC.misses) private readonly misses: Counter,
    @InjectMetric(PROFILE_CACHE_METRIC.bypasses) private readonly bypasses: Counter,
    @InjectMetric(PROFILE_CACHE_METRIC.evictions) private readonly evictions: Counter,
    @InjectMetric(PROFILE_CACHE_METRIC.expirations) private readonly expirations: Counter,
    @InjectMetric(PROFILE_CACHE_METRIC.sets) private readonly sets: Counter,
    @InjectMetric(PROFILE_CACHE_METRIC.invalidations) private readonly invalidations: Counter,
    @InjectMetric(PROFILE_CACHE_METRIC.entries) private readonly entries: Gauge,
    @InjectMetric(PROFILE_CACHE_METRIC.circuitOpen) private readonly circuitOpen: Gauge,
  ) {}

  lookup(hit: boolean, effects: FifoEffects): void {
    (hit ? this.hits : this.misses).inc();
    this.effects(effects);
  }

  bypass(): void {
    this.bypasses.inc();
  }

  stored(stored: boolean, effects: FifoEffects): void {
    if (stored) this.sets.inc();
    this.effects(effects);
  }

  invalidated(removed: boolean, effects: FifoEffects): void {
    if (removed) this.invalidations.inc();
    this.effects(effects);
  }

  effects({ size, expired, evicted }: FifoEffects): void {
    if (expired > 0) this.expirations.inc(expired);
    if (evicted > 0) this.evictions.inc(evicted);
    this.entries.set(size);
  }

  circuit(state: CircuitState): void {
    this.circuitOpen.set(state === 'closed' ? 0 : 1);
  }
}
