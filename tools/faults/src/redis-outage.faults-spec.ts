import { setTimeout as sleep } from 'node:timers/promises';
import { faultProfile } from './support/fault-profile';
import { faultStackFor, KEYS } from './support/fault-stack';
import { bounded, settled } from './support/load';
import { setUpProfiles } from './support/profile-creates';
import { report } from './support/tally';
import { Answers } from './support/answers';

const profile = faultProfile();
const OUTAGE_MS = 7_000;
const READERS = 4;
const WRITERS = 2;

describe('redis-outage: the private redis-server is stopped for seconds during reads and writes', () => {
  const stackOf = faultStackFor('redis-outage', { apiEnv: { CACHE_REPAIR_INTERVAL_MS: '500' } });

  it('answers every read and write, and no read is older than the last acknowledged write', async () => {
    const stack = stackOf();
    const ids = await setUpProfiles(stack, profile.profiles);
    /** The last version a write answered, per profile. */
    const acknowledged = new Map(ids.map((id) => [id, 1]));
    const writes = new Answers();
    const reads = new Answers();
    const stale: string[] = [];

    const read = async (id: string, phase: string) => {
      const expected = acknowledged.get(id) ?? 1;
      const answer = await stack.call('GET', `/api/v1/profiles/${id}`, { key: KEYS.read });
      reads.count('GET /api/v1/profiles/:id', answer, () => id);
      const version = Number(answer.body?.['version']);
      if (answer.status === 200 && version < expected) {
        stale.push(
          `${phase} read of ${id}: version ${version} after ${expected} was acknowledged (x-cache ${answer.headers.get('x-cache')})`,
        );
      }
    };
    const write = async (id: string, writer: number) => {
      const answer = await stack.call('PATCH', `/api/v1/profiles/${id}`, {
        key: KEYS.write,
        body: { bio: `written by ${writer} at ${Date.now()}` },
      });
      writes.count('PATCH /api/v1/profiles/:id', answer, () => id);
      const version = Number(answer.body?.['version']);
      if (answer.status === 200) acknowledged.set(id, Math.max(acknowledged.get(id) ?? 1, version));
    };

    let running = true;
    const pick = () => ids[Math.floor(Math.random() * ids.length)];
    const load = Promise.all([
      bounded(READERS, READERS, async () => {
        while (running) await read(pick(), 'load');
      }),
      // Each writer has its own profiles, so that acknowledged versions follow one another.
      bounded(WRITERS, WRITERS, async (writer) => {
        const own = ids.filter((_, index) => index % WRITERS === writer);
        while (running) {
          await write(own[Math.floor(Math.random() * own.length)], writer);
          await sleep(20);
        }
      }),
    ]);
    await sleep(3_000);
    // It comes back with what it held: entries cached before the outage are stale unless repaired.
    await stack.redis.stop(true);
    await sleep(OUTAGE_MS);
    await stack.redis.start();
    await sleep(5_000);
    running = false;
    await load;

    // Redis is back: whatever the cache repairs, reads answer the last acknowledged version.
    const repaired = await settled(
      async () => (await stack.sql('SELECT 1 FROM cache_repairs')).length === 0,
      profile.settleMs,
    );
    for (const id of ids) {
      await read(id, 'final');
      await read(id, 'final (cached)');
    }
    const stored = new Map(
      (
        await stack.sql<{ id: string; version: number }>(
          'SELECT id, version FROM profiles WHERE id = ANY($1)',
          [ids],
        )
      ).map((row) => [row.id, Number(row.version)]),
    );
    report(
      stack,
      {
        accepted: writes.accepted.length,
        lost: ids
          .filter((id) => (stored.get(id) ?? 0) < (acknowledged.get(id) ?? 1))
          .map(
            (id) =>
              `profile ${id}: stored version ${stored.get(id)} < acknowledged ${acknowledged.get(id)}`,
          ),
        doubled: [],
        stuck: repaired === null ? ['cache repairs still pending'] : [],
        serverErrors: [...writes.serverErrors, ...reads.serverErrors],
        stale,
      },
      { reads: reads.accepted.length, repairedInMs: repaired },
    );
  });
});
