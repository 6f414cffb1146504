import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { API_ENVIRONMENT, ApiEnvironment } from '../config/api-environment';

const BATCH = 1_000;

export interface Pruned {
  outbox: number;
  tasks: number;
  idempotencyKeys: number;
  appliedMessages: number;
}

/**
 * Deletes what has served its purpose: sent outbox rows, finished tasks (with their outbox rows
 * and idempotency keys), idempotency keys and applied message ids past their retention. Deletes go
 * in small batches so no statement holds many locks; running on several replicas at once is safe.
 */
@Injectable()
export class HousekeepingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(API_ENVIRONMENT) private readonly environment: ApiEnvironment,
  ) {}

  async prune(now = new Date()): Promise<Pruned> {
    const before = (retentionMs: number) => new Date(now.getTime() - retentionMs).toISOString();
    const {
      OUTBOX_RETENTION_MS: outboxMs,
      TASK_RETENTION_MS: taskMs,
      IDEMPOTENCY_KEY_RETENTION_MS: keyMs,
    } = this.environment;
    return {
      outbox: await this.deleteBatched('outbox', 'id', 'sent_at', before(outboxMs)),
      tasks: await this.deleteBatched('tasks', 'id', 'finished_at', before(taskMs)),
      idempotencyKeys: await this.deleteBatched(
        'idempotency_keys',
        'ctid',
        'created_at',
        before(keyMs),
      ),
      // Redeliveries of a result can come as long as its task message could be redelivered.
      appliedMessages: await this.deleteBatched(
        'applied_messages',
        'message_id',
        'applied_at',
        before(outboxMs),
      ),
    };
  }

  private async deleteBatched(
    table: string,
    key: string,
    time: string,
    before: string,
  ): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM ${table} WHERE ${key} IN (
           SELECT ${key} FROM ${table} WHERE ${time} < $1 LIMIT ${BATCH})`,
        [before],
      );
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }
}
