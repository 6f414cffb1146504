import type { Profile } from '@profile/profile-domain';
import { eventually } from '@profile/testing';
import { ApiUnderTest, newProfile } from './support/api-under-test';

describe('the api while Redis is away (process behind a proxy the test cuts)', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await ApiUnderTest.start('redis_outage', { CACHE_REPAIR_INTERVAL_MS: '200' });
  });

  afterAll(async () => {
    await api?.stop();
  });

  const create = () => api.createProfile();
  const read = (id: string) => api.readProfile(id);
  const readiness = async () => {
    const response = await fetch(`${api.baseUrl}/health/ready`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const pendingRepairs = async () =>
    (await api.sql<{ profile_id: string }>('SELECT profile_id FROM cache_repairs')).map(
      (row) => row.profile_id,
    );

  /** Reads every profile once so that each is cached at its current version. */
  async function cacheAll(...profiles: Profile[]): Promise<void> {
    for (const profile of profiles) {
      await read(profile.id);
      expect(await api.cachedVersion(profile.id)).toBe(profile.version);
    }
  }

  it('serves from PostgreSQL, takes writes, stays ready, and repairs the cache when Redis returns', async () => {
    const [changed, deleted, untouched] = [await create(), await create(), await create()];
    await cacheAll(changed, deleted, untouched);

    await api.redisProxy.cut();
    await eventually(async () => {
      const { status, body } = await readiness();
      expect(status).toBe(200);
      expect(body).toMatchObject({
        status: 'ok',
        details: { postgres: { status: 'up' }, redis: { status: 'down' } },
      });
    });

    const duringOutage = await read(untouched.id);
    expect(duringOutage.status).toBe(200);
    expect(duringOutage.headers.get('x-cache')).toBe('BYPASS');
    expect(duringOutage.headers.get('server-timing')).toMatch(/db;dur=[\d.]+/);
    expect(duringOutage.json()).toEqual(untouched);

    const patched = await api.call('PATCH', `/api/v1/profiles/${changed.id}`, {
      as: 'write',
      body: { bio: 'changed while Redis was away' },
    });
    expect(patched.status).toBe(200);
    expect(patched.json<Profile>().version).toBe(2);
    expect((await api.call('DELETE', `/api/v1/profiles/${deleted.id}`)).status).toBe(204);
    const created = await api.call('POST', '/api/v1/profiles', { body: newProfile() });
    expect(created.status).toBe(201);

    expect((await read(changed.id)).json()).toMatchObject({ version: 2 });
    expect((await read(deleted.id)).status).toBe(404);
    const admin = await api.call('GET', '/api/v1/cache');
    expect(admin.status).toBe(503);
    expect(admin.body).toMatchObject({ type: 'urn:profile-api:problem:service-unavailable' });

    // Redis still holds what it had before the outage: stale unless repaired.
    expect(await api.cachedVersion(changed.id)).toBe(1);
    expect(await api.cachedVersion(deleted.id)).toBe(1);
    expect((await pendingRepairs()).sort()).toEqual([changed.id, deleted.id].sort());

    await api.redisProxy.restore();
    await eventually(async () => {
      expect((await readiness()).body).toMatchObject({ details: { redis: { status: 'up' } } });
      expect(await pendingRepairs()).toEqual([]);
    });

    expect(await api.cachedVersion(changed.id)).toBe(2);
    expect(await api.cachedVersion(deleted.id)).toBeNull();
    const changedRead = await read(changed.id);
    expect(changedRead.headers.get('x-cache')).toBe('HIT');
    expect(changedRead.json()).toEqual(patched.json());
    expect((await read(deleted.id)).status).toBe(404);
    const untouchedRead = await read(untouched.id);
    expect(untouchedRead.headers.get('x-cache')).toBe('HIT');
    expect(untouchedRead.json()).toEqual(untouched);

    const entries = (await api.call('GET', '/api/v1/cache')).json<{
      entries: Array<{ id: string; version: number }>;
    }>().entries;
    expect(entries.find((entry) => entry.id === deleted.id)).toBeUndefined();
    expect(entries.find((entry) => entry.id === changed.id)).toMatchObject({ version: 2 });
  });

  it('answers at once while Redis hangs (command timeout), and repairs what changed meanwhile', async () => {
    const [changed, deleted] = [await create(), await create()];
    await cacheAll(changed, deleted);

    api.redisProxy.freeze();
    try {
      const started = performance.now();
      const answer = await read(changed.id);
      // CACHE_TIMEOUT_MS is 1000 here: without it the read would wait as long as Redis hangs.
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-cache')).toBe('BYPASS');

      const patched = await api.call('PATCH', `/api/v1/profiles/${changed.id}`, {
        body: { location: 'Hung' },
      });
      expect(patched.status).toBe(200);
      expect((await api.call('DELETE', `/api/v1/profiles/${deleted.id}`)).status).toBe(204);
      const { status, body } = await readiness();
      expect(status).toBe(200);
      expect(body).toMatchObject({ details: { redis: { status: 'down' } } });
      expect((await pendingRepairs()).sort()).toEqual([changed.id, deleted.id].sort());
    } finally {
      api.redisProxy.thaw();
    }

    await eventually(async () => expect(await pendingRepairs()).toEqual([]));
    expect(await api.cachedVersion(changed.id)).toBe(2);
    expect(await api.cachedVersion(deleted.id)).toBeNull();
    expect((await read(changed.id)).json()).toMatchObject({ location: 'Hung', version: 2 });
    expect((await read(deleted.id)).status).toBe(404);
  });
});
