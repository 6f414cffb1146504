import {
  formatDateTime,
  formatMilliseconds,
  formatRatio,
  formatRelative,
  formatSpan,
  shortId,
} from './format';

describe('formatting', () => {
  const now = Date.parse('2026-11-01T12:00:00.000Z');

  it('writes dates in UTC', () => {
    expect(formatDateTime('2026-11-01T12:34:56.789Z')).toBe('2026-11-01 12:34:56 UTC');
    expect(formatDateTime(null)).toBe('—');
  });

  it('writes spans in their two largest units', () => {
    expect(formatSpan(0)).toBe('0 s');
    expect(formatSpan(999)).toBe('0 s');
    expect(formatSpan(12_000)).toBe('12 s');
    expect(formatSpan(250_000)).toBe('4 min 10 s');
    expect(formatSpan(86_400_000 - 1_000)).toBe('23 h 59 min');
    expect(formatSpan(3_600_000)).toBe('1 h');
    expect(formatSpan(2 * 86_400_000 + 3 * 3_600_000 + 5_000)).toBe('2 d 3 h');
  });

  it('writes times relative to now', () => {
    expect(formatRelative('2026-11-01T12:00:04.000Z', now)).toBe('in 4 s');
    expect(formatRelative('2026-11-01T11:57:00.000Z', now)).toBe('3 min ago');
    expect(formatRelative('2026-11-01T12:00:00.400Z', now)).toBe('now');
    expect(formatRelative(undefined, now)).toBe('—');
  });

  it('writes measured durations and ratios', () => {
    expect(formatMilliseconds(0.4234)).toBe('0.42 ms');
    expect(formatMilliseconds(12.34)).toBe('12.3 ms');
    expect(formatMilliseconds(1200)).toBe('1.20 s');
    expect(formatRatio(2, 3)).toBe('66.7 %');
    expect(formatRatio(0, 0)).toBe('—');
    expect(shortId('0b7c1a5e-1f1f-4c1c-9a9a-123456789abc')).toBe('0b7c1a5e');
  });
});
