import type Redis from 'ioredis';
import { FifoKeys } from './fifo-keys';
import { FIFO_SCRIPTS, FifoScriptName } from './fifo-scripts';
import type { CacheStats } from './profile-cache';

/** What every script reports besides its own answer. */
export interface FifoEffects {
  /** Entries in the cache after the script ran. */
  size: number;
  /** Entries the script removed because their TTL had passed. */
  expired: number;
  /** Entries the script removed for capacity. */
  evicted: number;
}

export type FifoLookup =
  | { hit: true; payload: string; version: number; effects: FifoEffects }
  /** `lease` is the token that lets the caller fill the entry, or null when no fill may follow. */
  | { hit: false; lease: string | null; effects: FifoEffects };

export interface FifoChange {
  /** Whether the script stored (or, for a removal, removed) anything. */
  applied: boolean;
  effects: FifoEffects;
}

export interface FifoEntry {
  id: string;
  version: number;
  /** ms since the epoch, by Redis's clock. */
  insertedAt: number;
  /** ms since the epoch, by Redis's clock; Infinity for an entry without expiry. */
  expiresAt: number;
}

export interface FifoSnapshot {
  /** Redis's clock when the snapshot was taken, in ms since the epoch. */
  now: number;
  effects: FifoEffects;
  stats: CacheStats;
  /** Oldest first; empty unless asked for. */
  entries: FifoEntry[];
}

type ScriptCommand = (...keysAndArgs: (string | number)[]) => Promise<unknown>;

/**
 * One FIFO namespace in Redis, driven by the scripts in fifo-scripts.ts: one round trip per call.
 * ioredis's defineCommand sends EVALSHA, falls back to EVAL on NOSCRIPT (after SCRIPT FLUSH or a
 * restart) and sends EVAL directly for a connection's first call, so no call depends on a SCRIPT LOAD
 * made on another connection or before a reconnect.
 */
export class RedisFifo {
  readonly keys: FifoKeys;
  private readonly commands: Record<FifoScriptName, ScriptCommand>;

  constructor(
    readonly redis: Redis,
    prefix: string,
    readonly maxEntries: number,
  ) {
    this.keys = new FifoKeys(prefix);
    this.commands = defineFifoCommands(redis);
  }

  async lookup(id: string, leaseTtlMs: number): Promise<FifoLookup> {
    const reply = await this.commands.lookup(...this.keys.forId(id), id, leaseTtlMs);
    const [effects, rest] = splitEffects(reply);
    const [payload, versionOrLease] = rest;
    if (payload === null) {
      return {
        hit: false,
        lease: versionOrLease === null ? null : String(versionOrLease),
        effects,
      };
    }
    return { hit: true, payload: asString(payload), version: asInteger(versionOrLease), effects };
  }

  async fill(
    id: string,
    lease: string,
    payload: string,
    version: number,
    ttlMs: number,
  ): Promise<FifoChange> {
    return asChange(
      await this.commands.fill(
        ...this.keys.forId(id),
        id,
        lease,
        payload,
        version,
        ttlMs,
        this.maxEntries,
      ),
    );
  }

  /** A fenced write when `fenceTtlMs` > 0 (see the WRITE script), otherwise an unconditional one. */
  async write(
    id: string,
    payload: string,
    version: number,
    ttlMs: number,
    fenceTtlMs: number,
  ): Promise<FifoChange> {
    return asChange(
      await this.commands.write(
        ...this.keys.forId(id),
        id,
        payload,
        version,
        ttlMs,
        this.maxEntries,
        fenceTtlMs,
      ),
    );
  }

  /** Removes `id`; with `tombstoneTtlMs` > 0 it also refuses later fills and writes of it for that long. */
  async remove(id: string, tombstoneTtlMs: number): Promise<FifoChange> {
    return asChange(await this.commands.remove(...this.keys.forId(id), id, tombstoneTtlMs));
  }

  async snapshot(withEntries: boolean): Promise<FifoSnapshot> {
    const reply = await this.commands.snapshot(...this.keys.namespace(), withEntries ? '1' : '0');
    const [effects, [now, stats, entries]] = splitEffects(reply);
    return {
      now: asInteger(now),
      effects,
      stats: asStats(asArray(stats)),
      entries: asEntries(asArray(entries)),
    };
  }

  async clear(): Promise<FifoEffects> {
    return splitEffects(await this.commands.clear(...this.keys.namespace()))[0];
  }
}

function defineFifoCommands(redis: Redis): Record<FifoScriptName, ScriptCommand> {
  const define = (name: FifoScriptName): ScriptCommand => {
    const { command, lua, numberOfKeys } = FIFO_SCRIPTS[name];
    redis.defineCommand(command, { lua, numberOfKeys });
    const defined: unknown = Reflect.get(redis, command);
    if (typeof defined !== 'function') throw new Error(`ioredis did not define ${command}`);
    return defined.bind(redis) as ScriptCommand;
  };
  return {
    lookup: define('lookup'),
    fill: define('fill'),
    write: define('write'),
    remove: define('remove'),
    snapshot: define('snapshot'),
    clear: define('clear'),
  };
}

function splitEffects(reply: unknown): [FifoEffects, unknown[]] {
  const [size, expired, evicted, ...rest] = asArray(reply);
  return [
    { size: asInteger(size), expired: asInteger(expired), evicted: asInteger(evicted) },
    rest,
  ];
}

function asChange(reply: unknown): FifoChange {
  const [effects, [applied]] = splitEffects(reply);
  return { applied: asInteger(applied) === 1, effects };
}

const STAT_NAMES = [
  'hits',
  'misses',
  'evictions',
  'expirations',
  'sets',
  'invalidations',
] as const satisfies readonly (keyof CacheStats)[];

function asStats(flat: unknown[]): CacheStats {
  const stats: CacheStats = {
    hits: 0,
    misses: 0,
    evictions: 0,
    expirations: 0,
    sets: 0,
    invalidations: 0,
  };
  for (let i = 0; i < flat.length; i += 2) {
    const name = STAT_NAMES.find((known) => known === flat[i]);
    if (name) stats[name] = asInteger(flat[i + 1]);
  }
  return stats;
}

function asEntries(flat: unknown[]): FifoEntry[] {
  const entries: FifoEntry[] = [];
  for (let i = 0; i < flat.length; i += 4) {
    entries.push({
      id: asString(flat[i]),
      version: asInteger(flat[i + 1]),
      insertedAt: asInteger(flat[i + 2]),
      expiresAt: flat[i + 3] === 'inf' ? Infinity : asInteger(flat[i + 3]),
    });
  }
  return entries;
}

function asArray(value: unknown): unknown[] {
  if (!Array.isArray(value))
    throw new TypeError(`expected an array from the script, got ${typeof value}`);
  return value;
}

function asString(value: unknown): string {
  if (typeof value !== 'string')
    throw new TypeError(`expected a string from the script, got ${typeof value}`);
  return value;
}

function asInteger(value: unknown): number {
  const number = typeof value === 'string' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
    throw new TypeError(`expected an integer from the script, got ${String(value)}`);
  }
  return number;
}
