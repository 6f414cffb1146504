import { withJitter } from './jitter';

describe('withJitter', () => {
  it('keeps the delay when the draw is 0, and takes up to `ratio` of it off otherwise', () => {
    expect(withJitter(1_000, 0.5, () => 0)).toBe(1_000);
    expect(withJitter(1_000, 0.5, () => 0.5)).toBe(750);
    expect(withJitter(1_000, 0.5, () => 0.999_999)).toBe(500);
    expect(withJitter(1_000, 1, () => 0.25)).toBe(750);
  });

  it('changes nothing with a ratio of 0', () => {
    expect(withJitter(1_234, 0, () => 0.9)).toBe(1_234);
  });

  it('spreads delays that were equal over the whole range, never past the delay', () => {
    const delays = Array.from({ length: 2_000 }, () => withJitter(10_000));
    expect(Math.max(...delays)).toBeLessThanOrEqual(10_000);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(5_000);
    // Both halves of the range are used: the retries do not bunch up.
    expect(delays.filter((delay) => delay > 7_500).length).toBeGreaterThan(800);
    expect(delays.filter((delay) => delay <= 7_500).length).toBeGreaterThan(800);
    expect(new Set(delays).size).toBeGreaterThan(1_000);
  });

  it.each([
    [-1, 0.5],
    [Number.NaN, 0.5],
    [Number.POSITIVE_INFINITY, 0.5],
    [1_000, -0.1],
    [1_000, 1.5],
  ])('rejects a delay of %s with ratio %s', (delayMs, ratio) => {
    expect(() => withJitter(delayMs, ratio)).toThrow(RangeError);
  });
});
