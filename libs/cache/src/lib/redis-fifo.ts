import { FifoKeys } from './fifo-keys';
import { FIFO_SCRIPTS, FifoScriptName } from './fifo-scripts';
import type { CacheStats } from './profile-cache';
import type { RedisClient } from './redis-client';

/** What every script reports besides its own answer. */
export interface FifoEffects {
  /** Entries in the cache after the script ran. */
  size: number;
  /** Entries the script removed because their TTL had passed. */
  expired: number;
  /** Entries the script removed for capacity. */
  evicted: number;
  /** Redis's clock when the script ran, in ms since the epoch. */
  now: number;
}

export type FifoRead =
  | { hit: true; payload: string; version: number }
  /** `lease` is the token that lets the caller fill the entry, or null when no fill may follow. */
  | { hit: false; lease: string | null };

export type FifoLookup = FifoRead & { effects: FifoEffects };

/** A miss that will be filled asks for a lease, offering a token that no other miss uses. */
export interface LeaseRequest {
  token: string;
  ttlMs: number;
}

export interface FifoChange {
  /** Whether the script stored (or, for a removal, removed) anything. */
  applied: boolean;
  effects: FifoEffects;
}

/** One answer per id of a call about several ids, in their order. */
export interface FifoBatch<T> {
  results: T[];
  effects: FifoEffects;
}

export interface FifoWrite {
  id: string;
  payload: string;
  version: number;
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
  effects: FifoEffects;
  stats: CacheStats;
  /** Oldest first; empty unless asked for. */
  entries: FifoEntry[];
}

type ScriptCommand = (...numberOfKeysKeysAndArgs: (string | number)[]) => Promise<unknown>;

/**
 * One FIFO namespace in Redis, driven by the scripts in fifo-scripts.ts: one round trip per call,
 * whether it is about one id or several. ioredis's defineCommand sends EVAL for a connection's first
 * call of a script (which loads it) and EVALSHA after that, and on NOSCRIPT (after SCRIPT FLUSH)
 * sends the call again as EVAL, so no call depends on a SCRIPT LOAD made on another connection or
 * before a reconnect.
 */
export class RedisFifo {
  readonly keys: FifoKeys;
  private readonly commands: Record<FifoScriptName, ScriptCommand>;

  constructor(
    readonly redis: RedisClient,
    prefix: string,
    readonly maxEntries: number,
  ) {
    this.keys = new FifoKeys(prefix);
    this.commands = defineFifoCommands(redis);
  }

  /** Looks `id` up; a miss with `lease` set is given a lease (its token or one already out). */
  async lookup(id: string, lease: LeaseRequest | null): Promise<FifoLookup> {
    const {
      results: [read],
      effects,
    } = await this.runLookup([id], lease ? [lease.token] : [''], lease?.ttlMs ?? 0);
    return { ...read, effects };
  }

  /** Looks several ids up at once, without leases (no fill will follow). */
  async lookupMany(ids: readonly string[]): Promise<FifoBatch<FifoRead>> {
    return this.runLookup(
      ids,
      ids.map(() => ''),
      0,
    );
  }

  async fill(
    id: string,
    lease: string,
    payload: string,
    version: number,
    ttlMs: number,
  ): Promise<FifoChange> {
    return asChange(
      await this.run('fill', [id], [id, lease, payload, version, ttlMs, this.maxEntries]),
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
    return single(await this.writeMany([{ id, payload, version }], ttlMs, fenceTtlMs));
  }

  /** Writes the entries in their order, all with `ttlMs`; fenced as `write` is. */
  async writeMany(
    entries: readonly FifoWrite[],
    ttlMs: number,
    fenceTtlMs: number,
  ): Promise<FifoBatch<boolean>> {
    const reply = await this.run(
      'write',
      entries.map((entry) => entry.id),
      [
        this.maxEntries,
        fenceTtlMs,
        ttlMs,
        ...entries.flatMap(({ id, payload, version }) => [id, payload, version]),
      ],
    );
    return asFlags(reply);
  }

  /** Removes `id`; with `tombstoneTtlMs` > 0 it also refuses later fills and writes of it for that long. */
  async remove(id: string, tombstoneTtlMs: number): Promise<FifoChange> {
    return single(await this.removeMany([id], tombstoneTtlMs));
  }

  async removeMany(ids: readonly string[], tombstoneTtlMs: number): Promise<FifoBatch<boolean>> {
    return asFlags(await this.run('remove', ids, [tombstoneTtlMs, ...ids]));
  }

  async snapshot(withEntries: boolean): Promise<FifoSnapshot> {
    const reply = await this.run('snapshot', [], [withEntries ? '1' : '0']);
    const [effects, [stats, entries]] = splitEffects(reply);
    return {
      effects,
      stats: asStats(asArray(stats)),
      entries: asEntries(asArray(entries)),
    };
  }

  async clear(): Promise<FifoEffects> {
    return splitEffects(await this.run('clear', [], []))[0];
  }

  private async runLookup(
    ids: readonly string[],
    tokens: readonly string[],
    leaseTtlMs: number,
  ): Promise<FifoBatch<FifoRead>> {
    const reply = await this.run('lookup', ids, [
      leaseTtlMs,
      ...ids.flatMap((id, index) => [id, tokens[index]]),
    ]);
    const [effects, [flat]] = splitEffects(reply);
    const values = asArray(flat);
    const results: FifoRead[] = ids.map((_, index) => {
      const payload = values[2 * index];
      const versionOrLease = values[2 * index + 1];
      if (payload === null) {
        return { hit: false, lease: versionOrLease === null ? null : asString(versionOrLease) };
      }
      return { hit: true, payload: asString(payload), version: asInteger(versionOrLease) };
    });
    return { results, effects };
  }

  /** Runs a script with the namespace keys, the lease and fence keys of `ids`, and `args`. */
  private run(
    script: FifoScriptName,
    ids: readonly string[],
    args: (string | number)[],
  ): Promise<unknown> {
    const keys = this.keys.forIds(ids);
    return this.commands[script](keys.length, ...keys, ...args);
  }
}

function defineFifoCommands(redis: RedisClient): Record<FifoScriptName, ScriptCommand> {
  const define = (name: FifoScriptName): ScriptCommand => {
    const { command, lua } = FIFO_SCRIPTS[name];
    redis.defineCommand(command, { lua });
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
  const [size, expired, evicted, now, ...rest] = asArray(reply);
  return [
    {
      size: asInteger(size),
      expired: asInteger(expired),
      evicted: asInteger(evicted),
      now: asInteger(now),
    },
    rest,
  ];
}

function asChange(reply: unknown): FifoChange {
  const [effects, [applied]] = splitEffects(reply);
  return { applied: asInteger(applied) === 1, effects };
}

function asFlags(reply: unknown): FifoBatch<boolean> {
  const [effects, [flags]] = splitEffects(reply);
  return { results: asArray(flags).map((flag) => asInteger(flag) === 1), effects };
}

function single({ results: [applied], effects }: FifoBatch<boolean>): FifoChange {
  return { applied, effects };
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
