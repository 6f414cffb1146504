import { randomUUID } from 'node:crypto';
import { CacheUnavailableError } from './cache-unavailable.error';
import type { CircuitBreaker, CircuitState } from './circuit-breaker';
import {
  CacheEntry,
  CacheRead,
  CacheRecord,
  CacheSnapshot,
  CacheStats,
  CacheWriteOutcome,
  ProfileCache,
} from './profile-cache';
import type { ProfileCacheMetrics } from './profile-cache-metrics';
import type { ProfileCacheTtls } from './profile-cache-settings';
import type { FifoEntry, RedisFifo } from './redis-fifo';
import { SingleFlight } from './single-flight';

/**
 * The exact FIFO profile cache on Redis. Reads and writes never fail because of Redis: they answer
 * BYPASS or `unavailable` instead. The admin operations (entries, stats, clear) throw
 * CacheUnavailableError, since they have nothing to answer without Redis.
 */
export class RedisProfileCache extends ProfileCache {
  private readonly loads = new SingleFlight<CacheRecord | null>();

  constructor(
    private readonly fifo: RedisFifo,
    private readonly breaker: CircuitBreaker,
    private readonly metrics: ProfileCacheMetrics,
    private readonly ttls: ProfileCacheTtls,
  ) {
    super();
  }

  /** `closed` while Redis answers; `open` or `half-open` while reads bypass it. */
  get circuitState(): CircuitState {
    return this.breaker.state;
  }

  async getOrLoad(id: string, loader: () => Promise<CacheRecord | null>): Promise<CacheRead> {
    const lease = { token: randomUUID(), ttlMs: this.ttls.leaseMs };
    const lookup = await this.attempt(() => this.fifo.lookup(id, lease));
    if (!lookup) {
      this.metrics.bypass();
      return { outcome: 'BYPASS', record: await loader() };
    }
    this.metrics.lookup(lookup.hit, lookup.effects);
    if (lookup.hit) {
      return { outcome: 'HIT', record: { payload: lookup.payload, version: lookup.version } };
    }
    // Only misses that hold the same lease share a load: a miss after a write or delete gets a new
    // lease and must not receive data loaded before it.
    const granted = lookup.lease;
    const record = await this.loads.run(`${id}\n${granted ?? ''}`, async () => {
      const loaded = await loader();
      if (loaded && granted !== null) await this.fill(id, granted, loaded);
      return loaded;
    });
    return { outcome: 'MISS', record };
  }

  async writeThrough(id: string, payload: string, version: number): Promise<CacheWriteOutcome> {
    const { updatedMs, markerMs } = this.ttls;
    const change = await this.attempt(() =>
      this.fifo.write(id, payload, version, updatedMs, markerMs),
    );
    if (!change) return 'unavailable';
    this.metrics.stored(change.applied, change.effects);
    return change.applied ? 'applied' : 'superseded';
  }

  async invalidate(id: string): Promise<CacheWriteOutcome> {
    const removal = await this.attempt(() => this.fifo.remove(id, this.ttls.markerMs));
    if (!removal) return 'unavailable';
    this.metrics.invalidated(removal.applied, removal.effects);
    return 'applied';
  }

  async entries(): Promise<CacheSnapshot> {
    const snapshot = await this.breaker.execute(() => this.fifo.snapshot(true));
    this.metrics.effects(snapshot.effects);
    return {
      maxEntries: this.fifo.maxEntries,
      size: snapshot.effects.size,
      entries: snapshot.entries.map((entry) => this.toCacheEntry(entry)),
      stats: snapshot.stats,
    };
  }

  async stats(): Promise<CacheStats> {
    const snapshot = await this.breaker.execute(() => this.fifo.snapshot(false));
    this.metrics.effects(snapshot.effects);
    return snapshot.stats;
  }

  async clear(): Promise<void> {
    this.metrics.effects(await this.breaker.execute(() => this.fifo.clear()));
  }

  private async fill(id: string, lease: string, record: CacheRecord): Promise<void> {
    const { payload, version } = record;
    const change = await this.attempt(() =>
      this.fifo.fill(id, lease, payload, version, this.ttls.newMs),
    );
    if (change) this.metrics.stored(change.applied, change.effects);
  }

  /** The operation's result, or undefined when Redis is unavailable. */
  private async attempt<T>(operation: () => Promise<T>): Promise<T | undefined> {
    try {
      return await this.breaker.execute(operation);
    } catch (error) {
      if (error instanceof CacheUnavailableError) return undefined;
      throw error;
    }
  }

  private toCacheEntry({ id, version, insertedAt, expiresAt }: FifoEntry): CacheEntry {
    return {
      key: this.fifo.keys.entryAddress(id),
      id,
      version,
      insertedAt: new Date(insertedAt).toISOString(),
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }
}
