import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { deleteOlderThan } from '../database/sql-write';

/** What a key's first request created: a task or a profile (one column of the row each). */
export type IdempotentResource = { kind: 'task'; id: string } | { kind: 'profile'; id: string };

export interface IdempotencyClaim {
  /** The API key's name: keys of different callers never collide. */
  keyName: string;
  key: string;
  requestHash: string;
  /** What the request will create if the key is new. */
  resource: IdempotentResource;
}

export type ClaimOutcome =
  { status: 'claimed' } | { status: 'replay'; id: string } | { status: 'mismatch' };

interface KeyRow {
  request_hash: string;
  task_id: string | null;
  profile_id: string | null;
}

/**
 * Idempotency-Key bookkeeping of the create endpoints. A claim inserts the key in the caller's
 * transaction; a concurrent claim of the same key waits for that transaction and then sees its
 * row, so exactly one request creates the resource. A key names one resource: the same key sent
 * to the other endpoint, or with another body, is a mismatch.
 */
@Injectable()
export class IdempotencyKeys {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async claim(
    manager: EntityManager,
    { keyName, key, requestHash, resource }: IdempotencyClaim,
    expiredBefore: Date,
  ): Promise<ClaimOutcome> {
    await manager.query(
      `DELETE FROM idempotency_keys
       WHERE key_name = $1 AND idempotency_key = $2 AND created_at < $3`,
      [keyName, key, expiredBefore.toISOString()],
    );
    const inserted: unknown[] = await manager.query(
      `INSERT INTO idempotency_keys (key_name, idempotency_key, request_hash, task_id, profile_id)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING
       RETURNING 1`,
      [
        keyName,
        key,
        requestHash,
        resource.kind === 'task' ? resource.id : null,
        resource.kind === 'profile' ? resource.id : null,
      ],
    );
    if (inserted.length > 0) return { status: 'claimed' };
    const [existing]: KeyRow[] = await manager.query(
      `SELECT request_hash, task_id, profile_id FROM idempotency_keys
       WHERE key_name = $1 AND idempotency_key = $2`,
      [keyName, key],
    );
    const id = resource.kind === 'task' ? existing.task_id : existing.profile_id;
    return id !== null && existing.request_hash === requestHash
      ? { status: 'replay', id }
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
