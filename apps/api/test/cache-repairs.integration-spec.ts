import type { Profile } from '@profile/profile-domain';
import { eventually } from '@profile/testing';
import { Answer, ApiProcess, ApiUnderTest } from './support/api-under-test';

jest.setTimeout(120_000);

/** The longest interval there is: in these tests no repair pass runs after the one at start-up. */
const NO_REPAIR_PASS = { CACHE_REPAIR_INTERVAL_MS: '60000' };

interface LogLine {
  msg?: string;
  message?: string;
  error?: { message?: string; code?: string };
}

const path = (id: string) => `/api/v1/profiles/${id}`;

async function pendingRepairs(api: ApiUnderTest): Promise<string[]> {
  const rows = await api.sql<{ profile_id: string }>('SELECT profile_id FROM cache_repairs');
  return rows.map((row) => row.profile_id).sort();
}

async function redisReady(api: ApiProcess): Promise<void> {
  await eventually(async () => {
    const body = (await (await fetch(`${api.baseUrl}/health/ready`)).json()) as unknown;
    expect(body).toMatchObject({ details: { redis: { status: 'up' } } });
  });
}

/** A profile whose version 1 the cache holds, and a read of it is a HIT. */
async function cachedProfile(api: ApiUnderTest): Promise<Profile> {
  const profile = await api.createProfile();
  await api.readProfile(profile.id);
  expect((await api.readProfile(profile.id)).headers.get('x-cache')).toBe('HIT');
  expect(await api.cachedVersion(profile.id)).toBe(1);
  return profile;
}

/** Ends a freeze dropping what it held back, so that a write-through sent meanwhile never lands. */
async function dropHeldCommands(api: ApiUnderTest): Promise<void> {
  await api.redisProxy.cut();
  api.redisProxy.thaw();
  await api.redisProxy.restore();
}

/** Makes PostgreSQL refuse, at COMMIT, an update that sets this bio. */
async function refuseAtCommit(api: ApiUnderTest, bio: string): Promise<() => Promise<void>> {
  await api.sql(`CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN RAISE EXCEPTION 'refused at commit'; END $$`);
  await api.sql(`CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER UPDATE ON profiles
                 DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
                 WHEN (NEW.bio = '${bio}') EXECUTE FUNCTION refuse_at_commit()`);
  return async () => {
    await api.sql('DROP TRIGGER refuse_at_commit ON profiles');
    await api.sql('DROP FUNCTION refuse_at_commit()');
  };
}

describe('cache repairs while the api runs (no repair pass during the test)', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await ApiUnderTest.start('cache_repairs_live', NO_REPAIR_PASS);
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('deletes the repair its change recorded once Redis took the write-through or invalidation', async () => {
    const [changed, deleted] = [await cachedProfile(api), await cachedProfile(api)];

    const patched = await api.call('PATCH', path(changed.id), { body: { bio: 'taken at once' } });
    expect(patched.status).toBe(200);
    expect((await api.call('DELETE', path(deleted.id))).status).toBe(204);

    expect(await pendingRepairs(api)).toEqual([]);
    expect(await api.cachedVersion(changed.id)).toBe(2);
    expect(await api.cachedVersion(deleted.id)).toBeNull();
    const read = await api.readProfile(changed.id);
    expect(read.headers.get('x-cache')).toBe('HIT');
    expect(read.json()).toEqual(patched.json());
  });

  it('reads from PostgreSQL a profile whose acknowledged change Redis never took, even once Redis answers again', async () => {
    const profile = await cachedProfile(api);

    api.redisProxy.freeze();
    let patched: Answer;
    try {
      patched = await api.call('PATCH', path(profile.id), { body: { bio: 'lost on the way' } });
    } finally {
      await dropHeldCommands(api);
    }
    expect(patched.status).toBe(200);
    expect(patched.json<Profile>().version).toBe(2);
    await redisReady(api);

    // Redis holds version 1, and only the repair record says so.
    expect(await api.cachedVersion(profile.id)).toBe(1);
    expect(await pendingRepairs(api)).toEqual([profile.id]);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const read = await api.readProfile(profile.id);
      expect(read.json()).toEqual(patched.json());
      expect(read.headers.get('x-cache')).toBe('BYPASS');
    }
    // Other profiles are read through the cache as before.
    const other = await cachedProfile(api);
    expect((await api.readProfile(other.id)).headers.get('x-cache')).toBe('HIT');
  });

  it('reads from PostgreSQL a profile whose COMMIT failed, since the process cannot tell whether it committed', async () => {
    const profile = await cachedProfile(api);
    const restore = await refuseAtCommit(api, 'refused at commit');
    try {
      const patched = await api.call('PATCH', path(profile.id), {
        body: { bio: 'refused at commit' },
      });
      expect(patched.status).toBeGreaterThanOrEqual(500);
    } finally {
      await restore();
    }

    expect(await pendingRepairs(api)).not.toContain(profile.id);
    const read = await api.readProfile(profile.id);
    expect(read.headers.get('x-cache')).toBe('BYPASS');
    expect(read.json<Profile>().version).toBe(1);
  });

  it('reads through the cache after a change that failed before its COMMIT', async () => {
    const profile = await cachedProfile(api);
    const taken = await api.createProfile();

    const conflict = await api.call('PATCH', path(profile.id), {
      body: { username: taken.username },
    });
    expect(conflict.status).toBe(409);
    const read = await api.readProfile(profile.id);
    expect(read.headers.get('x-cache')).toBe('HIT');
    expect(read.json()).toEqual(profile);
  });
});

describe('a crash between the COMMIT and the cache (the process killed while Redis hangs)', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    // The write-through waits for the hung Redis long enough for the test to kill the process.
    api = await ApiUnderTest.start('cache_repairs_crash', {
      ...NO_REPAIR_PASS,
      CACHE_TIMEOUT_MS: '10000',
    });
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('leaves a repair record that the next process applies before it answers its first request', async () => {
    const [changed, deleted] = [await cachedProfile(api), await cachedProfile(api)];

    api.redisProxy.freeze();
    const patching = api
      .call('PATCH', path(changed.id), { body: { bio: 'committed, then the crash' } })
      .catch((error: unknown) => error);
    const deleting = api.call('DELETE', path(deleted.id)).catch((error: unknown) => error);
    await eventually(async () => {
      const rows = await api.sql<{ id: string; version: number }>(
        'SELECT id, version FROM profiles WHERE id = ANY($1)',
        [[changed.id, deleted.id]],
      );
      expect(rows).toEqual([{ id: changed.id, version: 2 }]);
      expect(await pendingRepairs(api)).toEqual([changed.id, deleted.id].sort());
    });
    await api.process.stop('SIGKILL');
    // No answer: the connection died with the process.
    expect(await patching).toHaveProperty('message', 'fetch failed');
    expect(await deleting).toHaveProperty('message', 'fetch failed');
    await dropHeldCommands(api);

    expect(await api.cachedVersion(changed.id)).toBe(1);
    expect(await api.cachedVersion(deleted.id)).toBe(1);

    const restarted = await api.startReplica();
    expect(await pendingRepairs(api)).toEqual([]);
    expect(await api.cachedVersion(changed.id)).toBe(2);
    expect(await api.cachedVersion(deleted.id)).toBeNull();
    const read = await restarted.readProfile(changed.id);
    expect(read.headers.get('x-cache')).toBe('HIT');
    expect(read.json()).toMatchObject({ bio: 'committed, then the crash', version: 2 });
    expect((await restarted.readProfile(deleted.id)).status).toBe(404);
  });
});

describe('cache repairs with a repair pass every 300 ms', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await ApiUnderTest.start('cache_repairs_loop', { CACHE_REPAIR_INTERVAL_MS: '300' });
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('uses the cache again for a profile whose failed COMMIT the repair pass found left no record', async () => {
    const profile = await cachedProfile(api);
    const restore = await refuseAtCommit(api, 'refused again');
    try {
      const patched = await api.call('PATCH', path(profile.id), { body: { bio: 'refused again' } });
      expect(patched.status).toBeGreaterThanOrEqual(500);
    } finally {
      await restore();
    }

    await eventually(async () =>
      expect((await api.readProfile(profile.id)).headers.get('x-cache')).toBe('HIT'),
    );
    expect((await api.readProfile(profile.id)).json()).toEqual(profile);
  });

  it('logs the Redis client errors of an outage as one JSON line, not a stack per reconnect attempt', async () => {
    const before = api.logs.length;
    await api.redisProxy.cut();
    try {
      // Reconnect attempts come at most 2 s apart: several fail meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    } finally {
      await api.redisProxy.restore();
    }
    await redisReady(api);

    const output = api.logs.slice(before);
    expect(output).not.toContain('Unhandled error event');
    const lines = output
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as LogLine);
    const refused = lines.filter(
      (line) =>
        [line.msg, line.message].includes('Redis connection error') &&
        line.error?.code === 'ECONNREFUSED',
    );
    expect(refused).toHaveLength(1);
    expect(refused[0].error?.message).toContain('ECONNREFUSED');
  });
});
