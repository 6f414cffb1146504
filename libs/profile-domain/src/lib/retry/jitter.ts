/** How much of a delay `withJitter` draws at random by default: half ("equal jitter"). */
export const DEFAULT_JITTER = 0.5;

/**
 * Spreads a retry delay at random over its top `ratio`: the result lies between
 * `delayMs · (1 − ratio)` and `delayMs` (rounded to whole milliseconds). Replicas, connections or tasks that failed at the same moment
 * then retry at different moments instead of in lockstep, and none waits longer than `delayMs`.
 * `random` answers in [0, 1), like Math.random.
 */
export function withJitter(
  delayMs: number,
  ratio = DEFAULT_JITTER,
  random: () => number = Math.random,
): number {
  if (!(delayMs >= 0) || !Number.isFinite(delayMs)) {
    throw new RangeError(`delayMs must be a finite number ≥ 0, got ${delayMs}`);
  }
  if (!(ratio >= 0 && ratio <= 1)) {
    throw new RangeError(`ratio must be between 0 and 1, got ${ratio}`);
  }
  return Math.round(delayMs * (1 - ratio * random()));
}
