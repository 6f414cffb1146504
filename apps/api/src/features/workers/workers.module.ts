import { Module } from '@nestjs/common';
import { DatabaseModule } from '../../platform/database/database.module';
import { HousekeepingModule } from '../../platform/housekeeping/housekeeping.module';
import { WorkerLeaseRetention } from './worker-lease-retention';
import { WorkerLeasesRepository } from './worker-leases.repository';
import { WorkersController } from './workers.controller';

/** The leases of the worker processes, by which the api knows a claimed attempt's worker lives. */
@Module({
  imports: [DatabaseModule, HousekeepingModule],
  controllers: [WorkersController],
  providers: [WorkerLeasesRepository, WorkerLeaseRetention],
})
export class WorkersModule {}
