import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AnyMessageEnvelope } from '@profile/profile-domain';
import { DataSource, EntityManager } from 'typeorm';
import { ClaimedMessage, OUTBOX_CHANNEL, OutboxBacklog, OutboxMessage } from './outbox-message';

interface ClaimedRow {
  id: string;
  exchange: string;
  routing_key: string;
  envelope: AnyMessageEnvelope;
  task_id: string | null;
}

/** An INSERT to run as a WITH clause of another statement, its parameters numbered from `first`. */
export interface SqlInsert {
  sql: (first: number) => string;
  params: unknown[];
}

interface BacklogRow {
  pending: number;
  oldest_due_at: Date | null;
  next_due_at: Date | null;
}

/**
 * The outbox table. Changes add rows in their own transaction; relays claim due rows in a short
 * transaction of their own (`FOR UPDATE SKIP LOCKED`, so replicas never take the same row), publish
 * outside any transaction, then mark them sent or release them. Times come from the caller's clock,
 * the one that computed the rows' due times.
 */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Adds messages in the caller's transaction (or as a statement of its own); relays listening
   * are notified when it commits. `alongside` is another insert that must commit with them, run
   * in the same statement: one round trip for a change and its messages.
   */
  async add(
    manager: EntityManager,
    messages: readonly OutboxMessage[],
    alongside?: SqlInsert,
  ): Promise<void> {
    if (messages.length === 0) return;
    const rows = messages.map(({ exchange, routingKey, envelope, dueAt, taskId }) => ({
      message_id: envelope.id,
      exchange,
      routing_key: routingKey,
      envelope,
      due_at: dueAt.toISOString(),
      task_id: taskId ?? null,
    }));
    const before = alongside ? `alongside AS (${alongside.sql(3)}),` : '';
    // Data-modifying WITHs run to completion whether or not the outer query reads them, and the
    // outbox's foreign key to tasks is checked at the end of the statement.
    await manager.query(
      `WITH ${before} added AS (
         INSERT INTO outbox (message_id, exchange, routing_key, envelope, due_at, task_id)
         SELECT message_id, exchange, routing_key, envelope, due_at, task_id
         FROM jsonb_to_recordset($1::jsonb) AS m(
           message_id uuid, exchange varchar, routing_key varchar, envelope jsonb,
           due_at timestamptz, task_id uuid)
         RETURNING 1
       )
       SELECT pg_notify($2, '')`,
      [JSON.stringify(rows), OUTBOX_CHANNEL, ...(alongside?.params ?? [])],
    );
  }

  /** Claims up to `limit` due rows, oldest due first, for `ttlMs`; commits before returning. */
  async claimDue(now: Date, limit: number, ttlMs: number): Promise<ClaimedMessage[]> {
    const rows: [ClaimedRow[], number] = await this.dataSource.query(
      `UPDATE outbox
       SET claimed_until = $1::timestamptz + $3 * interval '1 millisecond',
           publish_attempts = publish_attempts + 1
       WHERE id IN (
         SELECT id FROM outbox
         WHERE sent_at IS NULL AND due_at <= $1 AND (claimed_until IS NULL OR claimed_until < $1)
         ORDER BY due_at, id
         LIMIT $2
         FOR UPDATE SKIP LOCKED)
       RETURNING id, exchange, routing_key, envelope, task_id`,
      [now.toISOString(), limit, ttlMs],
    );
    return rows[0].map((row) => ({
      id: row.id,
      exchange: row.exchange,
      routingKey: row.routing_key,
      envelope: row.envelope,
      taskId: row.task_id,
    }));
  }

  /**
   * Marks published rows sent; a task whose next attempt went out is now queued. The worker may
   * have reported on that attempt already (a task can fail and be rescheduled before this runs),
   * so only a task still waiting for exactly that attempt moves.
   */
  async markSent(ids: readonly string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `WITH sent AS (
         UPDATE outbox SET sent_at = $2, claimed_until = NULL, last_error = NULL
         WHERE id = ANY($1::bigint[])
         RETURNING task_id, (envelope->>'attempt')::int AS attempt
       )
       UPDATE tasks SET status = 'queued'
       FROM sent
       WHERE tasks.id = sent.task_id AND tasks.status = 'scheduled'
         AND tasks.attempts + 1 = sent.attempt`,
      [ids, now.toISOString()],
    );
  }

  /** Gives rows back for the next round after a failed publish. */
  async release(failures: ReadonlyArray<{ id: string; error: string }>): Promise<void> {
    if (failures.length === 0) return;
    await this.dataSource.query(
      `UPDATE outbox SET claimed_until = NULL, last_error = failed.error
       FROM jsonb_to_recordset($1::jsonb) AS failed(id bigint, error varchar)
       WHERE outbox.id = failed.id`,
      [JSON.stringify(failures.map(({ id, error }) => ({ id, error: error.slice(0, 500) })))],
    );
  }

  async backlog(now: Date): Promise<OutboxBacklog> {
    const [row]: BacklogRow[] = await this.dataSource.query(
      `SELECT
         (SELECT count(*)::int FROM outbox WHERE sent_at IS NULL AND due_at <= $1) AS pending,
         (SELECT min(due_at) FROM outbox WHERE sent_at IS NULL AND due_at <= $1) AS oldest_due_at,
         (SELECT min(due_at) FROM outbox WHERE sent_at IS NULL AND due_at > $1) AS next_due_at`,
      [now.toISOString()],
    );
    return {
      pending: row.pending,
      lagSeconds: row.oldest_due_at ? (now.getTime() - row.oldest_due_at.getTime()) / 1000 : 0,
      nextDueAt: row.next_due_at,
    };
  }
}
