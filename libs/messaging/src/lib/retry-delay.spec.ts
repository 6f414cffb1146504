import { RETRY_MAX_DELAY_MS, retryDelayMs } from './retry-delay';

describe('retryDelayMs', () => {
  it('doubles from 1 s with each retry, taking up to half off at random', () => {
    expect([1, 2, 3, 4].map((retries) => retryDelayMs(retries, () => 0))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
    expect(retryDelayMs(3, () => 0.999_999)).toBe(2_000);
  });

  it('never waits longer than 30 s, however often the message came back', () => {
    expect(retryDelayMs(6, () => 0)).toBe(RETRY_MAX_DELAY_MS);
    expect(retryDelayMs(1_000, () => 0)).toBe(RETRY_MAX_DELAY_MS);
  });
});
