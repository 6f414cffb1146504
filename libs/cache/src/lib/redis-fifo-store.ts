import type { Milliseconds, Store } from 'cache-manager';
import type Redis from 'ioredis';
import type { CircuitBreaker } from './circuit-breaker';
import type { RedisFifo } from './redis-fifo';

/** What an unfenced write stores as the version: the generic Store has no versions. */
const UNVERSIONED = 0;
/** A lookup that will not fill asks for no lease. */
const NO_LEASE = 0;
const NO_TOMBSTONE = 0;
const NO_FENCE = 0;

/**
 * A cache-manager v5 Store over the FIFO scripts, for generic use (`caching(store)`, `wrap`). It is
 * the same exact FIFO (count-bounded, Redis-clock TTLs in ms, stats in Redis), but a plain key-value
 * cache: values are JSON, writes are unconditional and `del` leaves no tombstone, because generic
 * callers expect a delete followed by a set to stick. While Redis is unavailable every method
 * rejects with CacheUnavailableError, which `wrap` reports as an error event and works around.
 */
export class RedisFifoStore implements Store {
  constructor(
    private readonly fifo: RedisFifo,
    private readonly breaker: CircuitBreaker,
    /** TTL of a `set` without one, in ms; 0 means no expiry. */
    private readonly defaultTtlMs: Milliseconds,
  ) {}

  /** The ioredis client underneath, as cache-manager-ioredis-yet's store exposes it. */
  get client(): Redis {
    return this.fifo.redis;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const lookup = await this.breaker.execute(() => this.fifo.lookup(key, NO_LEASE));
    if (!lookup.hit) return undefined;
    const value: unknown = JSON.parse(lookup.payload);
    return value as T;
  }

  /** `ttl` in ms: undefined for the store's default, 0 for no expiry. */
  async set<T>(key: string, data: T, ttl?: Milliseconds): Promise<void> {
    const ttlMs = ttl ?? this.defaultTtlMs;
    if (!Number.isSafeInteger(ttlMs) || ttlMs < 0) {
      throw new RangeError(`ttl must be a whole number of milliseconds ≥ 0, got ${ttlMs}`);
    }
    const payload = JSON.stringify(data);
    if (payload === undefined) throw new TypeError(`${typeof data} cannot be stored as JSON`);
    await this.breaker.execute(() => this.fifo.write(key, payload, UNVERSIONED, ttlMs, NO_FENCE));
  }

  async del(key: string): Promise<void> {
    await this.breaker.execute(() => this.fifo.remove(key, NO_TOMBSTONE));
  }

  async reset(): Promise<void> {
    await this.breaker.execute(() => this.fifo.clear());
  }

  async mset(pairs: Array<[string, unknown]>, ttl?: Milliseconds): Promise<void> {
    await Promise.all(pairs.map(([key, value]) => this.set(key, value, ttl)));
  }

  mget(...keys: string[]): Promise<unknown[]> {
    return Promise.all(keys.map((key) => this.get(key)));
  }

  async mdel(...keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.del(key)));
  }

  /** Keys oldest first, filtered by a Redis-style glob with `*` and `?`. */
  async keys(pattern = '*'): Promise<string[]> {
    const { entries } = await this.breaker.execute(() => this.fifo.snapshot(true));
    const matcher = globToRegExp(pattern);
    return entries.map((entry) => entry.id).filter((id) => matcher.test(id));
  }

  /** Remaining ms by Redis's clock, as PTTL answers: -1 without expiry, -2 when absent. */
  async ttl(key: string): Promise<number> {
    const { entries, now } = await this.breaker.execute(() => this.fifo.snapshot(true));
    const entry = entries.find((candidate) => candidate.id === key);
    if (!entry) return -2;
    return entry.expiresAt === Infinity ? -1 : entry.expiresAt - now;
  }
}

function globToRegExp(pattern: string): RegExp {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's');
}
