import { ApiUnderTest } from './support/api-under-test';

const HOUR_MS = 60 * 60 * 1000;

interface CacheSnapshot {
  maxEntries: number;
  size: number;
  entries: Array<{
    key: string;
    id: string;
    version: number;
    insertedAt: string;
    expiresAt: string;
  }>;
  stats: Record<'hits' | 'misses' | 'evictions' | 'expirations' | 'sets' | 'invalidations', number>;
}

/** The value of one sample in a Prometheus text exposition, or undefined when absent. */
function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('cache admin endpoints and cache metrics (process with CACHE_MAX_ENTRIES=3)', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await ApiUnderTest.start('cache_admin', { CACHE_MAX_ENTRIES: '3' });
  });

  afterAll(async () => {
    await api?.stop();
  });

  const create = () => api.createProfile();
  const read = (id: string) => api.readProfile(id);
  const snapshot = async (): Promise<CacheSnapshot> => {
    const answer = await api.call('GET', '/api/v1/cache');
    expect(answer.status).toBe(200);
    return answer.json<CacheSnapshot>();
  };

  it('refuses read and write keys with 403, and a missing key with 401', async () => {
    for (const method of ['GET', 'DELETE']) {
      expect((await api.call(method, '/api/v1/cache', { as: 'read' })).status).toBe(403);
      expect((await api.call(method, '/api/v1/cache', { as: 'write' })).status).toBe(403);
      expect((await api.call(method, '/api/v1/cache', { as: null })).status).toBe(401);
    }
  });

  it('lists entries oldest first with their TTLs, evicts first-in first-out, and counts globally', async () => {
    expect(await snapshot()).toEqual({
      maxEntries: 3,
      size: 0,
      entries: [],
      stats: { hits: 0, misses: 0, evictions: 0, expirations: 0, sets: 0, invalidations: 0 },
    });
    const [a, b, c, d] = [await create(), await create(), await create(), await create()];

    expect((await read(a.id)).headers.get('x-cache')).toBe('MISS');
    await read(b.id);
    await read(c.id);
    expect((await read(a.id)).headers.get('x-cache')).toBe('HIT');
    expect((await snapshot()).entries.map((entry) => entry.id)).toEqual([a.id, b.id, c.id]);

    // A hit does not move an entry: a, read last, is still the oldest and goes first.
    await read(d.id);
    const afterEviction = await snapshot();
    expect(afterEviction.entries.map((entry) => entry.id)).toEqual([b.id, c.id, d.id]);
    for (const entry of afterEviction.entries) {
      expect(entry).toEqual({
        key: expect.stringContaining(api.cachePrefix),
        id: expect.any(String),
        version: 1,
        insertedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        expiresAt: expect.stringMatching(/Z$/),
      });
      expect(Date.parse(entry.expiresAt) - Date.parse(entry.insertedAt)).toBe(24 * HOUR_MS);
    }

    // A PATCH writes the new version through at the tail, for an hour.
    await api.call('PATCH', `/api/v1/profiles/${b.id}`, { as: 'write', body: { bio: 'moved' } });
    const afterPatch = await snapshot();
    expect(afterPatch.entries.map((entry) => [entry.id, entry.version])).toEqual([
      [c.id, 1],
      [d.id, 1],
      [b.id, 2],
    ]);
    const patched = afterPatch.entries[2];
    expect(Date.parse(patched.expiresAt) - Date.parse(patched.insertedAt)).toBe(HOUR_MS);

    // A DELETE removes its entry.
    await api.call('DELETE', `/api/v1/profiles/${c.id}`, { as: 'write' });
    const afterDelete = await snapshot();
    expect(afterDelete.entries.map((entry) => entry.id)).toEqual([d.id, b.id]);
    expect(afterDelete.size).toBe(2);
    expect(afterDelete.stats).toEqual({
      hits: 1,
      misses: 4,
      evictions: 1,
      expirations: 0,
      sets: 5,
      invalidations: 1,
    });

    const metrics = await (await api.call('GET', '/metrics', { as: null })).text;
    expect(sample(metrics, 'profile_reads_total{source="cache"}')).toBe(1);
    expect(sample(metrics, 'profile_reads_total{source="database"}')).toBe(4);
    expect(sample(metrics, 'profile_cache_hits_total')).toBe(1);
    expect(sample(metrics, 'profile_cache_misses_total')).toBe(4);
    expect(sample(metrics, 'profile_cache_evictions_total')).toBe(1);
    expect(sample(metrics, 'profile_cache_expirations_total')).toBe(0);
    expect(sample(metrics, 'profile_cache_entries')).toBe(2);
    expect(
      sample(
        metrics,
        'http_request_duration_seconds_count{method="GET",route="/api/v1/profiles/:id",status_code="200"}',
      ),
    ).toBe(5);
  });

  it('counts a read bypassing the cache as a database read and leaves the stats alone', async () => {
    const profile = await create();
    const before = (await snapshot()).stats;
    const metricsBefore = (await api.call('GET', '/metrics', { as: null })).text;

    const answer = await api.call('GET', `/api/v1/profiles/${profile.id}`, {
      headers: { 'cache-control': 'no-cache' },
    });
    expect(answer.headers.get('x-cache')).toBe('BYPASS');

    expect((await snapshot()).stats).toEqual(before);
    const metricsAfter = (await api.call('GET', '/metrics', { as: null })).text;
    const database = 'profile_reads_total{source="database"}';
    expect(sample(metricsAfter, database)).toBe(sample(metricsBefore, database)! + 1);
  });

  it('empties the cache on DELETE (204) and keeps the stats, which every replica shares', async () => {
    const before = await snapshot();
    expect(before.size).toBeGreaterThan(0);

    const flushed = await api.call('DELETE', '/api/v1/cache');
    expect(flushed.status).toBe(204);
    expect(flushed.text).toBe('');

    const after = await snapshot();
    expect(after).toMatchObject({ size: 0, entries: [] });
    expect(after.stats).toEqual(before.stats);

    // A second replica on the same Redis prefix sees the same stats and adds to them.
    const replica = await api.startReplica();
    const profile = await create();
    await replica.call('GET', `/api/v1/profiles/${profile.id}`);
    expect(
      (await replica.call('GET', `/api/v1/profiles/${profile.id}`)).headers.get('x-cache'),
    ).toBe('HIT');
    expect((await read(profile.id)).headers.get('x-cache')).toBe('HIT');
    const seenByReplica = (await replica.call('GET', '/api/v1/cache')).json<CacheSnapshot>();
    const seenHere = await snapshot();
    expect(seenHere.stats).toEqual({
      ...before.stats,
      hits: before.stats.hits + 2,
      misses: before.stats.misses + 1,
      sets: before.stats.sets + 1,
    });
    expect(seenByReplica.stats).toEqual(seenHere.stats);
    expect(seenByReplica.entries).toEqual(seenHere.entries);
  });
});
