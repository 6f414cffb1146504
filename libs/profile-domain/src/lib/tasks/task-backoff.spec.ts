import { taskRetryDelayMs } from './task-backoff';

describe('taskRetryDelayMs', () => {
  it('doubles from the base with each failed attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => taskRetryDelayMs(attempt))).toEqual([
      5_000, 10_000, 20_000, 40_000,
    ]);
  });

  it('is capped, however many attempts failed', () => {
    expect(taskRetryDelayMs(8)).toBe(600_000);
    expect(taskRetryDelayMs(1_000, { baseMs: 1, maxMs: 30 })).toBe(30);
  });

  it.each([0, -1, 1.5])('rejects attempt %s', (attempt) => {
    expect(() => taskRetryDelayMs(attempt)).toThrow(RangeError);
  });
});
