import { FixedWindow } from './fixed-window';

describe('FixedWindow', () => {
  const start = 1_000_000;

  it('admits `limit` requests per window, then refuses until the window ends', () => {
    const budget = new FixedWindow(3, 10_000);
    expect([1, 2, 3].map(() => budget.take(start))).toEqual([true, true, true]);
    expect(budget.remaining).toBe(0);
    expect(budget.take(start + 2_500)).toBe(false);
    expect(budget.secondsLeft(start + 2_500)).toBe(8);
    expect(budget.take(start + 9_999)).toBe(false);
    expect(budget.secondsLeft(start + 9_999)).toBe(1);

    expect(budget.take(start + 10_000)).toBe(true);
    expect(budget.remaining).toBe(2);
    expect(budget.secondsLeft(start + 10_000)).toBe(10);
  });

  it('does not count refused requests against the next window', () => {
    const budget = new FixedWindow(1, 1_000);
    budget.take(start);
    for (let request = 0; request < 5; request += 1) budget.take(start + 500);
    expect(budget.take(start + 1_000)).toBe(true);
    expect(budget.remaining).toBe(0);
  });

  it('is idle once its window has ended', () => {
    const budget = new FixedWindow(1, 1_000);
    budget.take(start);
    expect(budget.isIdle(start + 999)).toBe(false);
    expect(budget.isIdle(start + 1_000)).toBe(true);
  });
});
