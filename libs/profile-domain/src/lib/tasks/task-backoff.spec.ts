import { TASK_RETRY_BACKOFF, taskRetryDelayMs } from './task-backoff';

const exact = { ...TASK_RETRY_BACKOFF, jitter: 0 };
const topOfRange = () => 0;

describe('taskRetryDelayMs', () => {
  it('doubles from the base with each failed attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => taskRetryDelayMs(attempt, exact))).toEqual([
      5_000, 10_000, 20_000, 40_000,
    ]);
  });

  it('is capped, however many attempts failed', () => {
    expect(taskRetryDelayMs(8, exact)).toBe(600_000);
    expect(taskRetryDelayMs(1_000, { baseMs: 1, maxMs: 30 })).toBe(30);
  });

  it('draws the default delay between half and all of the exponential one', () => {
    expect(taskRetryDelayMs(3, TASK_RETRY_BACKOFF, topOfRange)).toBe(20_000);
    expect(taskRetryDelayMs(3, TASK_RETRY_BACKOFF, () => 0.5)).toBe(15_000);
    const delays = Array.from({ length: 500 }, () => taskRetryDelayMs(3));
    expect(Math.max(...delays)).toBeLessThanOrEqual(20_000);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(10_000);
    expect(new Set(delays).size).toBeGreaterThan(100);
  });

  it('never passes the cap with jitter', () => {
    expect(taskRetryDelayMs(50, TASK_RETRY_BACKOFF, topOfRange)).toBe(600_000);
  });

  it.each([0, -1, 1.5])('rejects attempt %s', (attempt) => {
    expect(() => taskRetryDelayMs(attempt)).toThrow(RangeError);
  });
});
