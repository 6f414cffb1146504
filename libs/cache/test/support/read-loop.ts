import type { CacheOutcome } from '@profile/profile-domain';
import type { CacheRecord, ProfileCache } from '../../src/lib/profile-cache';

export interface ReadLoopResult {
  outcomes: Record<CacheOutcome, number>;
  /** Reads that rejected instead of answering: there must be none. */
  failures: unknown[];
  /** Reads whose record was not the loader's. */
  wrongRecords: number;
  slowestMs: number;
}

/**
 * Readers calling getOrLoad back to back over a few ids, as request traffic would, until stopped,
 * keeping what every read answered and how long it took.
 */
export class ReadLoop {
  private readonly result: ReadLoopResult = {
    outcomes: { HIT: 0, MISS: 0, BYPASS: 0 },
    failures: [],
    wrongRecords: 0,
    slowestMs: 0,
  };
  private stopped = false;
  private readonly readers: Promise<void>[];
  /** Conditions someone waits for; each answers whether it is now met (and then resolved). */
  private waiters: (() => boolean)[] = [];

  constructor(
    private readonly cache: ProfileCache,
    private readonly ids: readonly string[],
    concurrency = 4,
  ) {
    this.readers = Array.from({ length: concurrency }, (_, reader) => this.read(reader));
  }

  /** Resolves once the answers so far satisfy `condition`. */
  until(condition: (result: ReadLoopResult) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!condition(this.result)) return false;
        resolve();
        return true;
      };
      if (!check()) this.waiters.push(check);
    });
  }

  async stop(): Promise<ReadLoopResult> {
    this.stopped = true;
    await Promise.all(this.readers);
    return this.result;
  }

  private async read(reader: number): Promise<void> {
    for (let i = reader; !this.stopped; i++) {
      const id = this.ids[i % this.ids.length];
      const expected: CacheRecord = { payload: `${id} payload`, version: 1 };
      const started = performance.now();
      try {
        const { outcome, record } = await this.cache.getOrLoad(id, async () => expected);
        this.result.outcomes[outcome] += 1;
        if (record?.payload !== expected.payload) this.result.wrongRecords += 1;
      } catch (error) {
        this.result.failures.push(error);
      }
      this.result.slowestMs = Math.max(this.result.slowestMs, performance.now() - started);
      this.waiters = this.waiters.filter((met) => !met());
      // Lets timers and sockets run between reads that Redis does not slow down.
      await new Promise(setImmediate);
    }
  }
}
