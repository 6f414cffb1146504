import { Injectable, OnModuleInit } from '@nestjs/common';
import { Housekeeping, retentionCutoff } from '../../platform/housekeeping/housekeeping';
import { WorkerLeasesRepository } from './worker-leases.repository';

/** A lease expired this long ago belongs to a worker process long gone. */
const EXPIRED_LEASE_RETENTION_MS = 60 * 60_000;

@Injectable()
export class WorkerLeaseRetention implements OnModuleInit {
  constructor(
    private readonly housekeeping: Housekeeping,
    private readonly leases: WorkerLeasesRepository,
  ) {}

  onModuleInit(): void {
    this.housekeeping.register('workerLeases', (now) =>
      this.leases.prune(retentionCutoff(now, EXPIRED_LEASE_RETENTION_MS)),
    );
  }
}
