import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AnyMessageEnvelope } from '@profile/profile-domain';
import { DataSource, EntityManager } from 'typeorm';
import { deleteOlderThan, SqlWrite, writeTogether } from '../database/sql-write';
import { RELAY_OWNER_LOCK_SPACE } from './outbox-message';
import type {
  ClaimedMessage,
  OutboxBacklog,
  OutboxMessage,
  SentHook,
  SentMessage,
} from './outbox-message';

interface MessageRow {
  exchange: string;
  routing_key: string;
  envelope: AnyMessageEnvelope;
}

interface BacklogRow {
  pending: number;
  claimable: number;
  oldest_due_at: Date | null;
  next_due_at: Date | null;
}

/**
 * The outbox table, which holds any message a change must publish. Changes enqueue rows in their
 * own transaction; relays claim due rows in a short transaction of their own (`FOR UPDATE SKIP
 * LOCKED`, so replicas never take the same row), publish outside any transaction, then mark them
 * sent (running the `onSent` hooks of the rows' owners in that transaction) or release them.
 * Times come from the caller's clock, the one that computed the rows' due times.
 */
@Injectable()
export class OutboxRepository {
  private readonly sentHooks: SentHook[] = [];

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Registers what a module records when messages it enqueued have been published. */
  onSent(hook: SentHook): void {
    this.sentHooks.push(hook);
  }

  /** Enqueues messages in the caller's transaction (or as a statement of their own). */
  async enqueue(manager: EntityManager, messages: readonly OutboxMessage[]): Promise<void> {
    if (messages.length > 0) await writeTogether(manager, [this.enqueueing(messages)]);
  }

  /** The INSERT that enqueues messages, for a change that writes them in the same statement. */
  enqueueing(messages: readonly OutboxMessage[]): SqlWrite {
    const rows = messages.map(({ exchange, routingKey, envelope, dueAt }) => ({
      message_id: envelope.id,
      exchange,
      routing_key: routingKey,
      envelope,
      due_at: dueAt.toISOString(),
    }));
    return {
      sql: (first) =>
        `INSERT INTO outbox (message_id, exchange, routing_key, envelope, due_at)
         SELECT message_id, exchange, routing_key, envelope, due_at
         FROM jsonb_to_recordset($${first}::jsonb) AS m(
           message_id uuid, exchange varchar, routing_key varchar, envelope jsonb,
           due_at timestamptz)`,
      params: [JSON.stringify(rows)],
    };
  }

  /**
   * Removes messages not yet published, in the caller's transaction; a message a live relay has
   * claimed (it is being published) stays. Answers the ids of the messages removed.
   */
  async withdraw(
    manager: EntityManager,
    messageIds: readonly string[],
    now: Date,
  ): Promise<string[]> {
    if (messageIds.length === 0) return [];
    const [rows]: [Array<{ message_id: string }>, number] = await manager.query(
      `DELETE FROM outbox
       WHERE message_id = ANY($1::uuid[]) AND sent_at IS NULL
         AND ${unclaimed('$2')}
       RETURNING message_id`,
      [messageIds, now.toISOString()],
    );
    return rows.map(({ message_id }) => message_id);
  }

  /**
   * Claims up to `limit` due rows for `owner`, oldest due first, for `ttlMs` (or until the owner
   * dies); commits before returning.
   */
  async claimDue(
    now: Date,
    limit: number,
    ttlMs: number,
    owner: number,
  ): Promise<ClaimedMessage[]> {
    const rows: [Array<MessageRow & { id: string }>, number] = await this.dataSource.query(
      `UPDATE outbox
       SET claimed_until = $1::timestamptz + $3 * interval '1 millisecond',
           claimed_by = $4,
           publish_attempts = publish_attempts + 1
       WHERE id IN (
         SELECT id FROM outbox
         WHERE sent_at IS NULL AND due_at <= $1 AND ${unclaimed('$1')}
         ORDER BY due_at, id
         LIMIT $2
         FOR UPDATE SKIP LOCKED)
       RETURNING id, exchange, routing_key, envelope`,
      [now.toISOString(), limit, ttlMs, owner],
    );
    return rows[0].map((row) => ({ id: row.id, ...sentMessage(row) }));
  }

  /** Marks published rows sent and runs the `onSent` hooks, in one transaction. */
  async markSent(ids: readonly string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      const [rows]: [MessageRow[], number] = await manager.query(
        `UPDATE outbox SET sent_at = $2, claimed_until = NULL, claimed_by = NULL, last_error = NULL
         WHERE id = ANY($1::bigint[])
         RETURNING exchange, routing_key, envelope`,
        [ids, now.toISOString()],
      );
      const sent = rows.map(sentMessage);
      for (const hook of this.sentHooks) await hook(manager, sent);
    });
  }

  /**
   * Gives `owner`'s rows back for the next round after a failed publish; a row another relay has
   * taken meanwhile stays that relay's.
   */
  async release(
    owner: number,
    failures: ReadonlyArray<{ id: string; error: string }>,
  ): Promise<void> {
    if (failures.length === 0) return;
    await this.dataSource.query(
      `UPDATE outbox SET claimed_until = NULL, claimed_by = NULL, last_error = failed.error
       FROM jsonb_to_recordset($1::jsonb) AS failed(id bigint, error varchar)
       WHERE outbox.id = failed.id AND outbox.claimed_by = $2`,
      [
        JSON.stringify(failures.map(({ id, error }) => ({ id, error: error.slice(0, 500) }))),
        owner,
      ],
    );
  }

  async backlog(now: Date): Promise<OutboxBacklog> {
    const [row]: BacklogRow[] = await this.dataSource.query(
      `SELECT
         (SELECT count(*)::int FROM outbox WHERE sent_at IS NULL AND due_at <= $1) AS pending,
         (SELECT count(*)::int FROM outbox
          WHERE sent_at IS NULL AND due_at <= $1 AND ${unclaimed('$1')}) AS claimable,
         (SELECT min(due_at) FROM outbox WHERE sent_at IS NULL AND due_at <= $1) AS oldest_due_at,
         (SELECT min(due_at) FROM outbox WHERE sent_at IS NULL AND due_at > $1) AS next_due_at`,
      [now.toISOString()],
    );
    return {
      pending: row.pending,
      claimable: row.claimable,
      lagSeconds: row.oldest_due_at ? (now.getTime() - row.oldest_due_at.getTime()) / 1000 : 0,
      nextDueAt: row.next_due_at,
    };
  }

  /** Deletes rows sent before `before`; answers how many. */
  pruneSent(before: Date): Promise<number> {
    return deleteOlderThan(
      this.dataSource.manager,
      { table: 'outbox', key: 'id', time: 'sent_at' },
      before,
    );
  }
}

/**
 * The condition on an outbox row that no relay holds it: never claimed or released, its claim
 * lapsed at `now` (a parameter), or the relay that claimed it gone (its owner lock is free).
 */
function unclaimed(now: string): string {
  return `(claimed_until IS NULL OR claimed_until < ${now} OR claimed_by NOT IN (
    SELECT objid::bigint FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND objsubid = 2
      AND classid = ${RELAY_OWNER_LOCK_SPACE}
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())))`;
}

function sentMessage({ exchange, routing_key, envelope }: MessageRow): SentMessage {
  return { exchange, routingKey: routing_key, envelope };
}
