import type { CacheEnvironment } from './cache-environment';
import type { CircuitBreakerOptions } from './circuit-breaker';

export interface ProfileCacheTtls {
  /** Entries filled after a read miss (CACHE_TTL_NEW_MS). */
  newMs: number;
  /** Entries written through after an update (CACHE_TTL_UPDATED_MS). */
  updatedMs: number;
  /** How long a miss keeps the right to fill; a loader slower than this is not stored. */
  leaseMs: number;
  /** How long a tombstone or version fence outlives the write or delete that left it. */
  markerMs: number;
}

export interface ProfileCacheSettings {
  prefix: string;
  /** The generic cache-manager Store's own namespace, so its entries never evict profiles. */
  storePrefix: string;
  maxEntries: number;
  ttls: ProfileCacheTtls;
  breaker: CircuitBreakerOptions;
}

/** Longer than any loader may run: the api's statement timeout is 5 s. */
const LEASE_TTL_MS = 10_000;

/**
 * How long a fence or tombstone outlives its write or delete: until nothing it guards can still
 * land. A fill needs its lease, which lives LEASE_TTL_MS and which the write or delete cancelled; a
 * write-through or repair that began earlier was given up by its caller after CACHE_TIMEOUT_MS, and
 * the margin covers its bytes still on the way. Repairs after an outage write what PostgreSQL holds
 * then, so they need no marker. Memory therefore depends on the configuration (one small key per
 * profile changed in the last half minute or so), not on how many profiles changed in a day.
 */
export function markerTtlMs(commandTimeoutMs: number): number {
  return 3 * Math.max(LEASE_TTL_MS, commandTimeoutMs);
}

/**
 * Three commands timing out in a row (150 ms of waiting at CACHE_TIMEOUT_MS=50) open the circuit; a
 * second later one request probes Redis. An outage therefore costs the request path at most a few
 * timeouts, and a recovered Redis is used again within about a second.
 */
export const DEFAULT_BREAKER: CircuitBreakerOptions = { failureThreshold: 3, openMs: 1_000 };

export function profileCacheSettings(environment: CacheEnvironment): ProfileCacheSettings {
  return {
    prefix: environment.CACHE_PREFIX,
    storePrefix: `${environment.CACHE_PREFIX}:store`,
    maxEntries: environment.CACHE_MAX_ENTRIES,
    ttls: {
      newMs: environment.CACHE_TTL_NEW_MS,
      updatedMs: environment.CACHE_TTL_UPDATED_MS,
      leaseMs: LEASE_TTL_MS,
      markerMs: markerTtlMs(environment.CACHE_TIMEOUT_MS),
    },
    breaker: DEFAULT_BREAKER,
  };
}
