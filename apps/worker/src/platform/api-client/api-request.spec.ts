import { retryAfterMs } from './api-request';

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, waiting 1 s when the header says nothing usable', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('2', now)).toBe(2_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5_000);
    expect(retryAfterMs(null, now)).toBe(1_000);
    expect(retryAfterMs('soon', now)).toBe(1_000);
  });

  it('waits at most 30 s and never a negative time', () => {
    expect(retryAfterMs('3600')).toBe(30_000);
    expect(retryAfterMs('Thu, 01 Jan 2020 00:00:00 GMT')).toBe(0);
  });
});
