import { redisReconnectDelayMs } from './redis-client';

describe('redisReconnectDelayMs', () => {
  it('grows by 100 ms per attempt up to 2 s, before jitter', () => {
    const noJitter = () => 0;
    expect(
      [1, 2, 5, 20, 21, 500].map((attempt) => redisReconnectDelayMs(attempt, noJitter)),
    ).toEqual([100, 200, 500, 2_000, 2_000, 2_000]);
  });

  it('spreads the reconnects of clients that lost Redis together', () => {
    const delays = Array.from({ length: 200 }, () => redisReconnectDelayMs(30));
    expect(Math.max(...delays)).toBeLessThanOrEqual(2_000);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(1_000);
    expect(new Set(delays).size).toBeGreaterThan(50);
  });
});
