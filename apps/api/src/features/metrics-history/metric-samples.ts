import { Inject, Injectable } from '@nestjs/common';
import {
  CACHE_ENVIRONMENT,
  type CacheEnvironment,
  REDIS_CLIENT,
  type RedisClient,
} from '@profile/cache';

/** The increase of each counter over one minute, summed over the api replicas. */
export type MinuteCounts = Map<string, number>;

export const MINUTE_MS = 60_000;
/** A minute's samples are kept a little longer than the hour the history shows. */
const RETENTION_MS = 62 * MINUTE_MS;

/** The counters a minute holds: HTTP requests and their duration buckets by route, cache events. */
export type SampledCounter =
  | { kind: 'requests'; method: string; route: string }
  | { kind: 'duration'; method: string; route: string; le: string }
  | { kind: 'cache'; event: CacheEvent };
export type CacheEvent = 'hits' | 'misses' | 'evictions';

/** A counter's field in a minute's hash (route patterns hold no tab). */
export function fieldOf(counter: SampledCounter): string {
  switch (counter.kind) {
    case 'requests':
      return ['requests', counter.method, counter.route].join('\t');
    case 'duration':
      return ['duration', counter.method, counter.route, counter.le].join('\t');
    case 'cache':
      return ['cache', counter.event].join('\t');
  }
}

export function counterOf(field: string): SampledCounter | undefined {
  const [kind, ...rest] = field.split('\t');
  if (kind === 'requests' && rest.length === 2) {
    return { kind, method: rest[0], route: rest[1] };
  }
  if (kind === 'duration' && rest.length === 3) {
    return { kind, method: rest[0], route: rest[1], le: rest[2] };
  }
  if (kind === 'cache' && (rest[0] === 'hits' || rest[0] === 'misses' || rest[0] === 'evictions')) {
    return { kind, event: rest[0] };
  }
  return undefined;
}

/**
 * Per-minute counter increases in Redis, shared by the api replicas: one hash per minute, which
 * each replica adds its own increases to, gone after about an hour. Every key shares one hash
 * tag, so a read of the hour is one pipeline on Redis Cluster too.
 */
@Injectable()
export class MetricSamples {
  private readonly keyPrefix: string;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(CACHE_ENVIRONMENT) environment: CacheEnvironment,
  ) {
    this.keyPrefix = `{${environment.CACHE_PREFIX}:metrics}:`;
  }

  /** Adds increases to the minute starting at `minute` (ms since the epoch), atomically. */
  async add(minute: number, increases: MinuteCounts): Promise<void> {
    if (increases.size === 0) return;
    const key = this.keyOf(minute);
    const transaction = this.redis.multi();
    for (const [field, increase] of increases) transaction.hincrby(key, field, increase);
    transaction.pexpire(key, RETENTION_MS);
    failOnError(await transaction.exec());
  }

  /** The counts of each minute, in the order asked (empty for a minute nothing was counted in). */
  async read(minutes: readonly number[]): Promise<MinuteCounts[]> {
    const pipeline = this.redis.pipeline();
    for (const minute of minutes) pipeline.hgetall(this.keyOf(minute));
    return failOnError(await pipeline.exec()).map(
      (hash) =>
        new Map(
          Object.entries(hash as Record<string, string>).map(([field, value]) => [
            field,
            Number(value),
          ]),
        ),
    );
  }

  private keyOf(minute: number): string {
    return `${this.keyPrefix}${minute}`;
  }
}

/** The replies of a pipeline or transaction, or its first error. */
function failOnError(replies: Array<[Error | null, unknown]> | null): unknown[] {
  if (!replies) throw new Error('the Redis transaction was discarded');
  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}
