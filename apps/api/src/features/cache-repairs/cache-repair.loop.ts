import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { API_ENVIRONMENT, ApiEnvironment } from '../../platform/config/api-environment';
import { RepeatingJob } from '../../platform/scheduling/repeating-job';
import { CacheRepairsService } from './cache-repairs.service';

/**
 * Runs the cache repairs every CACHE_REPAIR_INTERVAL_MS. Stops when the module is destroyed, which
 * Nest does before the database and Redis connections close on shutdown.
 */
@Injectable()
export class CacheRepairLoop implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly job: RepeatingJob;

  constructor(@Inject(API_ENVIRONMENT) environment: ApiEnvironment, repairs: CacheRepairsService) {
    this.job = new RepeatingJob('cache repair', environment.CACHE_REPAIR_INTERVAL_MS, () =>
      repairs.repairDue(),
    );
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }
}
