import { withJitter } from '@profile/profile-domain';

export const RETRY_BASE_DELAY_MS = 1_000;
export const RETRY_MAX_DELAY_MS = 30_000;

/** The header that counts how often a message was parked in its queue's delay queue. */
export const RETRY_COUNT_HEADER = 'x-retry-count';

/**
 * How long a message parked for the `retries`-th time waits: `afterMs` when its handler named a
 * wait, else doubling from 1 s, jittered; never more than 30 s.
 */
export function retryDelayMs(
  retries: number,
  afterMs?: number,
  random: () => number = Math.random,
): number {
  if (afterMs !== undefined) return Math.min(RETRY_MAX_DELAY_MS, Math.max(0, Math.round(afterMs)));
  const exponent = Math.max(0, retries - 1);
  return withJitter(Math.min(RETRY_MAX_DELAY_MS, RETRY_BASE_DELAY_MS * 2 ** exponent), 0.5, random);
}
