import { eventually } from '@profile/testing';
import type { Task } from '@profile/profile-domain';
import { RELAY_OWNER_LOCK_SPACE } from '../src/platform/outbox/outbox-message';
import { ApiUnderTest } from './support/api-under-test';

/**
 * A relay without its owner lock claims nothing and rests until the poll (OUTBOX_POLL_INTERVAL_MS,
 * 10 s); taking the lock back ends that rest, also when it happens while such a pass is still
 * running (process against PostgreSQL and RabbitMQ).
 */
describe('outbox relay whose owner lock comes back during a pass', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await ApiUnderTest.start('outbox_relay_rest');
  });

  afterAll(async () => {
    await api?.stop();
  });

  const ownerHeld = async () =>
    (
      await api.sql<{ held: boolean }>(
        `SELECT count(*) > 0 AS held FROM pg_locks
         WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = $1
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [RELAY_OWNER_LOCK_SPACE],
      )
    )[0].held;

  const relayWaitsForTable = async () =>
    (
      await api.sql<{ waiting: boolean }>(
        `SELECT count(*) > 0 AS waiting FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'
           AND query LIKE '%FROM outbox%'`,
      )
    )[0].waiting;

  it('publishes a due row as soon as the pass ends, not at the next poll', async () => {
    await eventually(async () => expect(await ownerHeld()).toBe(true), 10_000);
    const answer = await api.call('POST', '/api/v1/tasks', {
      as: 'write',
      body: { type: 'diagnostic.sleep', payload: { ms: 0 }, delayMs: 1_000 },
    });
    expect(answer.status).toBe(202);
    const task = answer.json<Task>();

    // The owner lock's connection dies; the relay takes the lock back about 2 s later.
    await api.sql(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'profile-api-outbox-owner'`,
    );
    // The pass the row's timer starts, without an owner, waits on the table until the lock is back.
    const blocker = await api.connectToDatabase();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE outbox IN ACCESS EXCLUSIVE MODE');
      await eventually(async () => expect(await relayWaitsForTable()).toBe(true), 5_000);
      await eventually(async () => expect(await ownerHeld()).toBe(true), 10_000);
      await blocker.query('COMMIT');
    } finally {
      await blocker.end();
    }
    const passEnded = Date.now();

    await eventually(async () => {
      const [row] = await api.sql<{ sent: boolean }>(
        `SELECT sent_at IS NOT NULL AS sent FROM outbox WHERE envelope->>'taskId' = $1`,
        [task.id],
      );
      expect(row.sent).toBe(true);
    }, 15_000);
    expect(Date.now() - passEnded).toBeLessThan(2_000);
  });
});
