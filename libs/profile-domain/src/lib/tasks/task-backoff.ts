export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const TASK_RETRY_BACKOFF: BackoffOptions = { baseMs: 5_000, maxMs: 10 * 60_000 };

/**
 * How long a task waits before its next attempt after `failedAttempt` (1-based) failed:
 * `baseMs · 2^(failedAttempt − 1)`, capped at `maxMs`.
 */
export function taskRetryDelayMs(
  failedAttempt: number,
  { baseMs, maxMs }: BackoffOptions = TASK_RETRY_BACKOFF,
): number {
  if (!Number.isInteger(failedAttempt) || failedAttempt < 1) {
    throw new RangeError(`failedAttempt must be a positive integer, got ${failedAttempt}`);
  }
  // Past 2^31 the cap applies anyway; the exponent bound keeps the arithmetic finite.
  return Math.min(maxMs, baseMs * 2 ** Math.min(failedAttempt - 1, 31));
}
