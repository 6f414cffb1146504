import type { CacheStats } from '../../src/lib/profile-cache';
import type {
  FifoChange,
  FifoEffects,
  FifoEntry,
  FifoLookup,
  FifoSnapshot,
} from '../../src/lib/redis-fifo';

interface ModelEntry {
  payload: string;
  version: number;
  insertedAt: number;
  expiresAt: number;
}

/**
 * The reference the scripts are checked against: the FIFO of DESIGN §4 written plainly in memory,
 * operation for operation with the scripts. Each operation takes `now`, the Redis clock the real
 * script ran at (it reports it), so expiry is modelled exactly. Leases and markers are modelled
 * without their Redis TTLs: the model tests give them TTLs longer than a run.
 * A Map keeps insertion order, and deleting before setting moves a key to the tail.
 */
export class FifoModel {
  private readonly entries = new Map<string, ModelEntry>();
  private readonly leases = new Map<string, string>();
  private readonly fences = new Map<string, number | 'deleted'>();
  private readonly counts: CacheStats = {
    hits: 0,
    misses: 0,
    evictions: 0,
    expirations: 0,
    sets: 0,
    invalidations: 0,
  };

  constructor(private readonly maxEntries: number) {}

  /** `token` is the lease token the miss offers, or null when it asks for no lease. */
  lookup(id: string, token: string | null, now: number): FifoLookup {
    const expired = this.prune(now);
    const entry = this.entries.get(id);
    if (entry) {
      this.counts.hits += 1;
      return {
        hit: true,
        payload: entry.payload,
        version: entry.version,
        effects: this.effects(expired, 0, now),
      };
    }
    this.counts.misses += 1;
    let lease: string | null = null;
    if (token !== null && this.fences.get(id) !== 'deleted') {
      lease = this.leases.get(id) ?? token;
      this.leases.set(id, lease);
    }
    return { hit: false, lease, effects: this.effects(expired, 0, now) };
  }

  fill(
    id: string,
    lease: string,
    payload: string,
    version: number,
    ttlMs: number,
    now: number,
  ): FifoChange {
    const expired = this.prune(now);
    if (this.leases.get(id) !== lease) {
      return { applied: false, effects: this.effects(expired, 0, now) };
    }
    this.leases.delete(id);
    const evicted = this.insert(id, payload, version, ttlMs, now);
    return { applied: true, effects: this.effects(expired, evicted, now) };
  }

  write(
    id: string,
    payload: string,
    version: number,
    ttlMs: number,
    fenced: boolean,
    now: number,
  ): FifoChange {
    const expired = this.prune(now);
    if (fenced) {
      const fence = this.fences.get(id);
      const cached = this.entries.get(id)?.version;
      if (fence === 'deleted' || (fence ?? 0) >= version || (cached ?? 0) >= version) {
        return { applied: false, effects: this.effects(expired, 0, now) };
      }
      this.fences.set(id, version);
    }
    this.leases.delete(id);
    const evicted = this.insert(id, payload, version, ttlMs, now);
    return { applied: true, effects: this.effects(expired, evicted, now) };
  }

  remove(id: string, tombstone: boolean, now: number): FifoChange {
    const expired = this.prune(now);
    const removed = this.entries.delete(id);
    if (removed) this.counts.invalidations += 1;
    this.leases.delete(id);
    if (tombstone) this.fences.set(id, 'deleted');
    return { applied: removed, effects: this.effects(expired, 0, now) };
  }

  clear(now: number): FifoEffects {
    const expired = this.prune(now);
    this.entries.clear();
    return this.effects(expired, 0, now);
  }

  snapshot(now: number): FifoSnapshot {
    const expired = this.prune(now);
    return {
      effects: this.effects(expired, 0, now),
      stats: { ...this.counts },
      entries: [...this.entries].map(([id, { version, insertedAt, expiresAt }]): FifoEntry => ({
        id,
        version,
        insertedAt,
        expiresAt,
      })),
    };
  }

  private prune(now: number): number {
    let expired = 0;
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt <= now) {
        this.entries.delete(id);
        expired += 1;
      }
    }
    this.counts.expirations += expired;
    return expired;
  }

  private insert(id: string, payload: string, version: number, ttlMs: number, now: number): number {
    this.entries.delete(id);
    this.entries.set(id, {
      payload,
      version,
      insertedAt: now,
      expiresAt: ttlMs > 0 ? now + ttlMs : Infinity,
    });
    this.counts.sets += 1;
    let evicted = 0;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
      evicted += 1;
    }
    this.counts.evictions += evicted;
    return evicted;
  }

  private effects(expired: number, evicted: number, now: number): FifoEffects {
    return { size: this.entries.size, expired, evicted, now };
  }
}
