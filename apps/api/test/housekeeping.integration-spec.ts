import { randomUUID } from 'node:crypto';
import { eventually } from '@profile/testing';
import { ApiUnderTest } from './support/api-under-test';

const DAY = "interval '1 day'";

/** Sent outbox rows, finished tasks, idempotency keys and applied message ids go after their retention. */
describe('housekeeping (process against PostgreSQL)', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await ApiUnderTest.start('housekeeping', { HOUSEKEEPING_INTERVAL_MS: '200' });
  });

  afterAll(async () => {
    await api?.stop();
  });

  async function task(): Promise<string> {
    const id = randomUUID();
    await api.sql(
      `INSERT INTO tasks (id, type, payload, status, run_at, max_attempts, correlation_id, created_at)
       VALUES ($1, 'diagnostic.sleep', '{"ms": 0}', 'scheduled', now() - 40 * ${DAY}, 3, 'test',
               now() - 40 * ${DAY})`,
      [id],
    );
    return id;
  }

  /** Finishing comes last: housekeeping runs meanwhile and may take a finished task at once. */
  async function finish(taskId: string, daysAgo: number): Promise<void> {
    await api.sql(
      `UPDATE tasks SET status = 'succeeded', finished_at = now() - $2::int * ${DAY} WHERE id = $1`,
      [taskId, daysAgo],
    );
  }

  async function outboxRow(taskId: string, sentDaysAgo: number | null): Promise<string> {
    const messageId = randomUUID();
    await api.sql(
      `INSERT INTO outbox (message_id, exchange, routing_key, envelope, due_at, sent_at)
       VALUES ($1, 'tasks', 'diagnostic.sleep', jsonb_build_object('taskId', $3::text),
               now() + interval '1 hour', now() - $2::int * ${DAY})`,
      [messageId, sentDaysAgo, taskId],
    );
    return messageId;
  }

  const exists = async (table: string, column: string, value: string) =>
    (await api.sql(`SELECT 1 FROM ${table} WHERE ${column} = $1`, [value])).length === 1;

  it('prunes what outlived its retention and keeps the rest', async () => {
    const oldFinished = await task();
    const recentFinished = await task();
    const pending = await task();
    const oldSent = await outboxRow(recentFinished, 8);
    const recentSent = await outboxRow(recentFinished, 6);
    const unsent = await outboxRow(pending, null);
    await finish(recentFinished, 29);
    await finish(oldFinished, 31);
    await api.sql(
      `INSERT INTO idempotency_keys (key_name, idempotency_key, request_hash, task_id, created_at)
       VALUES ('writer', 'old', repeat('a', 64), $1, now() - 2 * ${DAY}),
              ('writer', 'recent', repeat('b', 64), $1, now() - interval '1 hour')`,
      [pending],
    );
    const oldApplied = randomUUID();
    const recentApplied = randomUUID();
    await api.sql(
      `INSERT INTO applied_messages (message_id, applied_at)
       VALUES ($1, now() - 8 * ${DAY}), ($2, now() - 6 * ${DAY})`,
      [oldApplied, recentApplied],
    );

    await eventually(async () => {
      expect(await exists('tasks', 'id', oldFinished)).toBe(false);
      expect(await exists('outbox', 'message_id', oldSent)).toBe(false);
      expect(await exists('idempotency_keys', 'idempotency_key', 'old')).toBe(false);
      expect(await exists('applied_messages', 'message_id', oldApplied)).toBe(false);
    });
    // Everything younger, and what is not finished or not sent, stays.
    for (const [table, column, value] of [
      ['tasks', 'id', recentFinished],
      ['tasks', 'id', pending],
      ['outbox', 'message_id', recentSent],
      ['outbox', 'message_id', unsent],
      ['idempotency_keys', 'idempotency_key', 'recent'],
      ['applied_messages', 'message_id', recentApplied],
    ]) {
      expect([table, value, await exists(table, column, value)]).toEqual([table, value, true]);
    }
  });
});
