import { parseServerTiming } from './server-timing';

describe('parseServerTiming', () => {
  it('reads the api’s cache and database durations', () => {
    expect(parseServerTiming('cache;dur=0.42, db;dur=3.10')).toEqual([
      { name: 'cache', durationMs: 0.42 },
      { name: 'db', durationMs: 3.1 },
    ]);
  });

  it('reads descriptions and metrics without a duration', () => {
    expect(parseServerTiming('miss, db;desc="PostgreSQL";dur=1')).toEqual([
      { name: 'miss' },
      { name: 'db', durationMs: 1, description: 'PostgreSQL' },
    ]);
  });

  it('skips what it cannot read', () => {
    expect(parseServerTiming(null)).toEqual([]);
    expect(parseServerTiming('')).toEqual([]);
    expect(parseServerTiming('bad name;dur=1, ok;dur=abc')).toEqual([{ name: 'ok' }]);
  });
});
