import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The lease of a live worker process, renewed while it runs (see WorkerLeases). */
@Entity({ name: 'worker_leases' })
@Index('worker_leases_expires_at_idx', ['expiresAt'])
export class WorkerLeaseEntity {
  @PrimaryColumn({
    name: 'worker_id',
    type: 'uuid',
    primaryKeyConstraintName: 'worker_leases_pkey',
  })
  workerId!: string;

  @Column({ name: 'expires_at', type: 'timestamptz', precision: 3 })
  expiresAt!: Date;
}
