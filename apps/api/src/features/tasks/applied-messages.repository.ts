import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { deleteOlderThan } from '../../platform/database/sql-write';

/**
 * The inbox of messages applied once: the ids of the result messages applied and of the profile
 * events audited, so that a redelivery is applied (or audited) only once.
 */
@Injectable()
export class AppliedMessagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records the ids in the caller's transaction; answers those not recorded before (each once). */
  async recordFirst(manager: EntityManager, messageIds: readonly string[]): Promise<Set<string>> {
    // Sorted, so that replicas inserting the same ids wait for each other in one order.
    const ids = [...new Set(messageIds)].sort();
    const inserted: Array<{ message_id: string }> = await manager.query(
      `INSERT INTO applied_messages (message_id)
       SELECT id FROM unnest($1::uuid[]) AS id ORDER BY id
       ON CONFLICT DO NOTHING
       RETURNING message_id`,
      [ids],
    );
    return new Set(inserted.map(({ message_id }) => message_id));
  }

  /** Records one id in a statement of its own; true when it was not recorded before. */
  async recordOnce(messageId: string): Promise<boolean> {
    return (await this.recordFirst(this.dataSource.manager, [messageId])).has(messageId);
  }

  /** Forgets ids applied before `before`; answers how many. */
  prune(before: Date): Promise<number> {
    return deleteOlderThan(
      this.dataSource.manager,
      { table: 'applied_messages', key: 'message_id', time: 'applied_at' },
      before,
    );
  }
}
