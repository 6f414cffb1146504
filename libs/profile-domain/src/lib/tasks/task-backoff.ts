import { withJitter } from '../retry/jitter';

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /**
   * The share of each delay drawn at random (see withJitter), so that tasks that failed together
   * do not retry together; 0 when omitted.
   */
  jitter?: number;
}

/** How much of a task's retry delay is drawn at random: it runs again between half and all of it. */
export const TASK_RETRY_JITTER = 0.5;

export const TASK_RETRY_BACKOFF: BackoffOptions = {
  baseMs: 5_000,
  maxMs: 10 * 60_000,
  jitter: TASK_RETRY_JITTER,
};

/**
 * How long a task waits before its next attempt after `failedAttempt` (1-based) failed:
 * `baseMs · 2^(failedAttempt − 1)`, capped at `maxMs`, less up to `jitter` of that at random.
 */
export function taskRetryDelayMs(
  failedAttempt: number,
  { baseMs, maxMs, jitter = 0 }: BackoffOptions = TASK_RETRY_BACKOFF,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(failedAttempt) || failedAttempt < 1) {
    throw new RangeError(`failedAttempt must be a positive integer, got ${failedAttempt}`);
  }
  // Past 2^31 the cap applies anyway; the exponent bound keeps the arithmetic finite.
  const ceilingMs = Math.min(maxMs, baseMs * 2 ** Math.min(failedAttempt - 1, 31));
  return withJitter(ceilingMs, jitter, random);
}
