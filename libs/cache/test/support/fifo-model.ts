import type { CacheStats } from '../../src/lib/profile-cache';
import type { FifoChange, FifoEffects, FifoLookup } from '../../src/lib/redis-fifo';

interface ModelEntry {
  payload: string;
  version: number;
}

export interface ModelSnapshot {
  size: number;
  /** `id@version`, oldest first. */
  order: string[];
  stats: CacheStats;
}

/**
 * The reference the scripts are checked against: the FIFO of DESIGN §4 written plainly in memory,
 * operation for operation with the scripts (TTLs are left out; the model tests use TTLs longer than
 * a run). A Map keeps insertion order, and deleting before setting moves a key to the tail.
 */
export class FifoModel {
  private counter = 0;
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

  lookup(id: string, wantsLease: boolean): FifoLookup {
    const entry = this.entries.get(id);
    if (entry) {
      this.counts.hits += 1;
      return { hit: true, ...entry, effects: this.effects(0) };
    }
    this.counts.misses += 1;
    let lease: string | null = null;
    if (wantsLease && this.fences.get(id) !== 'deleted') {
      lease = this.leases.get(id) ?? String(++this.counter);
      this.leases.set(id, lease);
    }
    return { hit: false, lease, effects: this.effects(0) };
  }

  fill(id: string, lease: string, payload: string, version: number): FifoChange {
    if (this.leases.get(id) !== lease) return { applied: false, effects: this.effects(0) };
    this.leases.delete(id);
    return { applied: true, effects: this.effects(this.insert(id, { payload, version })) };
  }

  write(id: string, payload: string, version: number): FifoChange {
    const fence = this.fences.get(id);
    const cached = this.entries.get(id)?.version;
    if (fence === 'deleted' || (fence ?? 0) >= version || (cached ?? 0) >= version) {
      return { applied: false, effects: this.effects(0) };
    }
    this.fences.set(id, version);
    this.leases.delete(id);
    return { applied: true, effects: this.effects(this.insert(id, { payload, version })) };
  }

  remove(id: string): FifoChange {
    const removed = this.entries.delete(id);
    if (removed) this.counts.invalidations += 1;
    this.leases.delete(id);
    this.fences.set(id, 'deleted');
    return { applied: removed, effects: this.effects(0) };
  }

  clear(): FifoEffects {
    this.entries.clear();
    return this.effects(0);
  }

  snapshot(): ModelSnapshot {
    return {
      size: this.entries.size,
      order: [...this.entries].map(([id, entry]) => `${id}@${entry.version}`),
      stats: { ...this.counts },
    };
  }

  private insert(id: string, entry: ModelEntry): number {
    this.counter += 1;
    this.entries.delete(id);
    this.entries.set(id, entry);
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

  private effects(evicted: number): FifoEffects {
    return { size: this.entries.size, expired: 0, evicted };
  }
}
