import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { deleteOlderThan } from '../../platform/database/sql-write';

/**
 * The leases of the worker processes, timed by PostgreSQL's clock so that every api replica
 * agrees on whether one has expired.
 */
@Injectable()
export class WorkerLeasesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Takes or extends the worker's lease to `leaseMs` from now; answers when it expires. */
  async renew(workerId: string, leaseMs: number): Promise<Date> {
    const [row]: Array<{ expires_at: Date }> = await this.dataSource.query(
      `INSERT INTO worker_leases (worker_id, expires_at)
       VALUES ($1, now() + $2 * interval '1 millisecond')
       ON CONFLICT (worker_id) DO UPDATE SET expires_at = EXCLUDED.expires_at
       RETURNING expires_at`,
      [workerId, leaseMs],
    );
    return row.expires_at;
  }

  /** Ends the worker's lease now: its claims may be taken over at once. */
  async release(workerId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE worker_leases SET expires_at = least(expires_at, now()) WHERE worker_id = $1`,
      [workerId],
    );
  }

  /** Forgets leases that expired before `before`; answers how many. */
  prune(before: Date): Promise<number> {
    return deleteOlderThan(
      this.dataSource.manager,
      { table: 'worker_leases', key: 'worker_id', time: 'expires_at' },
      before,
    );
  }
}
