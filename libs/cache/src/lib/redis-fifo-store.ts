import type { Config, Milliseconds } from 'cache-manager';
import { NoCacheableError, type RedisStore } from 'cache-manager-ioredis-yet';
import { CircuitBreaker } from './circuit-breaker';
import { DEFAULT_BREAKER } from './profile-cache-settings';
import type { RedisClient } from './redis-client';
import { RedisFifo } from './redis-fifo';

/** What an unfenced write stores as the version: the generic Store has no versions. */
const UNVERSIONED = 0;
const NO_TOMBSTONE = 0;
const NO_FENCE = 0;

/** The Store's settings, as cache-manager's own `Config` names them. */
export type RedisFifoStoreConfig = Pick<Config, 'ttl' | 'isCacheable'>;

export interface RedisFifoStoreOptions extends RedisFifoStoreConfig {
  /** Key prefix and hash tag of the Store's namespace. */
  prefix: string;
  maxEntries: number;
}

/**
 * A cache-manager v5 Store (cache-manager-ioredis-yet's RedisStore: `client` and `isCacheable` too)
 * over the FIFO scripts, for generic use with `createCache(store)` or `caching(store)`. It is the
 * same exact FIFO (count-bounded, Redis-clock TTLs in ms, stats in Redis) but a plain key-value
 * cache: values are JSON, writes are unconditional and `del` leaves no tombstone, because generic
 * callers expect a delete followed by a set to stick. Each method is one script run, so mset, mget
 * and mdel are one round trip and atomic. While Redis is unavailable every method rejects with
 * CacheUnavailableError, which `wrap` reports as an error event and works around.
 */
export class RedisFifoStore implements RedisStore {
  /** As in cache-manager-ioredis-yet: null and undefined are refused with NoCacheableError. */
  readonly isCacheable: (value: unknown) => boolean;
  /** TTL of a `set` without one, in ms; 0 means no expiry. */
  private readonly defaultTtlMs: Milliseconds;

  constructor(
    private readonly fifo: RedisFifo,
    private readonly breaker: CircuitBreaker,
    config: RedisFifoStoreConfig = {},
  ) {
    this.defaultTtlMs = config.ttl ?? 0;
    this.isCacheable = config.isCacheable ?? ((value) => value !== undefined && value !== null);
    checkTtl(this.defaultTtlMs);
  }

  /** The ioredis client underneath, as cache-manager-ioredis-yet's store exposes it. */
  get client(): RedisClient {
    return this.fifo.redis;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const [value] = await this.mget(key);
    return value as T | undefined;
  }

  /** `ttl` in ms: undefined for the store's default, 0 for no expiry. */
  async set<T>(key: string, data: T, ttl?: Milliseconds): Promise<void> {
    await this.mset([[key, data]], ttl);
  }

  async del(key: string): Promise<void> {
    await this.mdel(key);
  }

  async reset(): Promise<void> {
    await this.breaker.execute(() => this.fifo.clear());
  }

  /** Stores every pair or, when one of them cannot be stored, none. */
  async mset(pairs: Array<[string, unknown]>, ttl?: Milliseconds): Promise<void> {
    const ttlMs = ttl ?? this.defaultTtlMs;
    checkTtl(ttlMs);
    const writes = pairs.map(([id, value]) => ({
      id,
      payload: this.serialize(value),
      version: UNVERSIONED,
    }));
    if (writes.length === 0) return;
    await this.breaker.execute(() => this.fifo.writeMany(writes, ttlMs, NO_FENCE));
  }

  async mget(...keys: string[]): Promise<unknown[]> {
    if (keys.length === 0) return [];
    const { results } = await this.breaker.execute(() => this.fifo.lookupMany(keys));
    return results.map((read): unknown => (read.hit ? JSON.parse(read.payload) : undefined));
  }

  async mdel(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.breaker.execute(() => this.fifo.removeMany(keys, NO_TOMBSTONE));
  }

  /** Keys oldest first, filtered by a Redis-style glob with `*` and `?`. */
  async keys(pattern = '*'): Promise<string[]> {
    const { entries } = await this.breaker.execute(() => this.fifo.snapshot(true));
    const matcher = globToRegExp(pattern);
    return entries.map((entry) => entry.id).filter((id) => matcher.test(id));
  }

  /** Remaining ms by Redis's clock, as PTTL answers: -1 without expiry, -2 when absent. */
  async ttl(key: string): Promise<number> {
    const { entries, effects } = await this.breaker.execute(() => this.fifo.snapshot(true));
    const entry = entries.find((candidate) => candidate.id === key);
    if (!entry) return -2;
    return entry.expiresAt === Infinity ? -1 : entry.expiresAt - effects.now;
  }

  private serialize(value: unknown): string {
    if (!this.isCacheable(value)) {
      throw new NoCacheableError(`"${String(value)}" is not a cacheable value`);
    }
    const payload = JSON.stringify(value);
    if (payload === undefined)
      throw new NoCacheableError(`${typeof value} cannot be stored as JSON`);
    return payload;
  }
}

/**
 * A RedisFifoStore on an ioredis client the caller made (as cache-manager-ioredis-yet's
 * `redisInsStore`), with its own circuit breaker. The client should fail fast while Redis is away
 * (see createRedisClient).
 */
export function redisFifoStore(
  client: RedisClient,
  options: RedisFifoStoreOptions,
): RedisFifoStore {
  const { prefix, maxEntries, ...config } = options;
  return new RedisFifoStore(
    new RedisFifo(client, prefix, maxEntries),
    new CircuitBreaker(DEFAULT_BREAKER),
    config,
  );
}

function checkTtl(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 0) {
    throw new RangeError(`ttl must be a whole number of milliseconds ≥ 0, got ${ttlMs}`);
  }
}

/** Redis's glob (as KEYS matches): `*`, `?`, `[abc]`, `[^a]`, `[a-z]`, and `\` to escape. */
function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\' && i + 1 < pattern.length) {
      source += escapeRegExp(pattern[++i]);
    } else if (char === '*') {
      source += '.*';
    } else if (char === '?') {
      source += '.';
    } else if (char === '[' && pattern.indexOf(']', i + 1) > i + 1) {
      const end = pattern.indexOf(']', i + 1);
      source += characterClass(pattern.slice(i + 1, end));
      i = end;
    } else {
      source += escapeRegExp(char);
    }
  }
  return new RegExp(`^${source}$`, 's');
}

function characterClass(body: string): string {
  const negated = body.startsWith('^') && body.length > 1;
  let members = '';
  for (let i = negated ? 1 : 0; i < body.length; i++) {
    const char = body[i];
    if (char === '\\' && i + 1 < body.length) {
      members += escapeClassMember(body[++i]);
    } else if (char === '-' && members !== '' && i + 1 < body.length) {
      members += '-';
    } else {
      members += escapeClassMember(char);
    }
  }
  return `[${negated ? '^' : ''}${members}]`;
}

function escapeClassMember(char: string): string {
  return /[\\\][^-]/.test(char) ? `\\${char}` : char;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
