import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { deleteOlderThan } from '../../platform/database/sql-write';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

export interface IdempotencyClaim {
  /** The API key's name: keys of different callers never collide. */
  keyName: string;
  key: string;
  requestHash: string;
  /** The task the request will create if the key is new. */
  taskId: string;
}

export type ClaimOutcome =
  { status: 'claimed' } | { status: 'replay'; taskId: string } | { status: 'mismatch' };

/**
 * Idempotency-Key bookkeeping of task creation. A claim inserts the key in the caller's
 * transaction; a concurrent claim of the same key waits for that transaction and then sees its
 * row, so exactly one request creates the task.
 */
@Injectable()
export class IdempotencyKeys {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async claim(
    manager: EntityManager,
    claim: IdempotencyClaim,
    expiredBefore: Date,
  ): Promise<ClaimOutcome> {
    const { keyName, key, requestHash, taskId } = claim;
    await manager.query(
      `DELETE FROM idempotency_keys
       WHERE key_name = $1 AND idempotency_key = $2 AND created_at < $3`,
      [keyName, key, expiredBefore.toISOString()],
    );
    const inserted: unknown[] = await manager.query(
      `INSERT INTO idempotency_keys (key_name, idempotency_key, request_hash, task_id)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING
       RETURNING task_id`,
      [keyName, key, requestHash, taskId],
    );
    if (inserted.length > 0) return { status: 'claimed' };
    const existing = await manager.findOneByOrFail(IdempotencyKeyEntity, {
      keyName,
      idempotencyKey: key,
    });
    return existing.requestHash === requestHash
      ? { status: 'replay', taskId: existing.taskId }
      : { status: 'mismatch' };
  }

  /** Deletes keys created before `before`; answers how many. */
  prune(before: Date): Promise<number> {
    return deleteOlderThan(
      this.dataSource.manager,
      { table: 'idempotency_keys', key: 'ctid', time: 'created_at' },
      before,
    );
  }
}

/** SHA-256 of the body as canonical JSON (object keys sorted), so key order does not matter. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
