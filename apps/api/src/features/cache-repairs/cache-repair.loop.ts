import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { API_ENVIRONMENT, ApiEnvironment } from '../../platform/config/api-environment';
import { loggableError } from '../../platform/problems/loggable-error';
import { RepeatingJob } from '../../platform/scheduling/repeating-job';
import { CacheRepairsService } from './cache-repairs.service';

/**
 * Runs the cache repairs once while the app starts, before it listens (so a change left unrepaired
 * by a crash is applied, or its profile read from PostgreSQL, before the first request), then every
 * CACHE_REPAIR_INTERVAL_MS. Stops when the module is destroyed, which Nest does before the database
 * and Redis connections close on shutdown.
 */
@Injectable()
export class CacheRepairLoop implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CacheRepairLoop.name);
  private readonly job: RepeatingJob;

  constructor(
    @Inject(API_ENVIRONMENT) environment: ApiEnvironment,
    private readonly repairs: CacheRepairsService,
  ) {
    this.job = new RepeatingJob('cache repair', environment.CACHE_REPAIR_INTERVAL_MS, () =>
      repairs.repairDue(),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.repairs.repairDue();
    } catch (error) {
      this.logger.warn({ error: loggableError(error) }, 'cache repair at start-up failed');
    }
    this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }
}
