import { setTimeout as sleep } from 'node:timers/promises';

/** Runs `job(0..count-1)` with at most `concurrency` in flight; answers their results in order. */
export async function bounded<T>(
  count: number,
  concurrency: number,
  job: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await job(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return results;
}

/**
 * Retries `check` until it answers true or `timeoutMs` runs out; answers how long that took, or
 * null when it never did. What is left unsettled then is the scenario's to count.
 */
export async function settled(
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<number | null> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() > started + timeoutMs) return null;
    await sleep(500);
  }
}

/** Resolves once `progress()` reaches `count` (checked every 50 ms). */
export async function reached(progress: () => number, count: number): Promise<void> {
  while (progress() < count) await sleep(50);
}

/**
 * Runs `job(0), job(1), …` in `concurrency` lanes, each pausing between jobs so that about `count`
 * jobs spread over `durationMs`, until `stop()`; `stop()` resolves once the lanes are done.
 */
export function paced(
  count: number,
  concurrency: number,
  durationMs: number,
  job: (index: number) => Promise<unknown>,
): { stop(): Promise<void> } {
  const pauseMs = (concurrency * durationMs) / count;
  let running = true;
  let next = 0;
  const lanes = Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (running) {
        await job(next++);
        await sleep(pauseMs);
      }
    }),
  );
  return {
    stop: async () => {
      running = false;
      await lanes;
    },
  };
}

/** Resolves true once `check()` holds (checked every 20 ms), false after `timeoutMs`. */
export async function within(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}
