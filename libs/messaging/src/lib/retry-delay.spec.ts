import { RETRY_MAX_DELAY_MS, retryDelayMs } from './retry-delay';

describe('retryDelayMs', () => {
  it('doubles from 1 s with each retry, taking up to half off at random', () => {
    expect([1, 2, 3, 4].map((retries) => retryDelayMs(retries, undefined, () => 0))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
    expect(retryDelayMs(3, undefined, () => 0.999_999)).toBe(2_000);
  });

  it('never waits longer than 30 s, however often the message came back', () => {
    expect(retryDelayMs(6, undefined, () => 0)).toBe(RETRY_MAX_DELAY_MS);
    expect(retryDelayMs(1_000, undefined, () => 0)).toBe(RETRY_MAX_DELAY_MS);
  });

  it('waits as long as the handler asked, within 0 to 30 s, whatever the retry', () => {
    expect(retryDelayMs(1, 12_000)).toBe(12_000);
    expect(retryDelayMs(5, 2_500.4)).toBe(2_500);
    expect(retryDelayMs(1, 90_000)).toBe(RETRY_MAX_DELAY_MS);
    expect(retryDelayMs(1, -5)).toBe(0);
  });
});
