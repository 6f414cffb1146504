import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { API_ENVIRONMENT, ApiEnvironment } from '../config/api-environment';
import { CacheRepairsService } from './cache-repairs.service';

/**
 * Runs the cache repairs every CACHE_REPAIR_INTERVAL_MS. Stops when the module is destroyed, which
 * Nest does before the database and Redis connections close on shutdown.
 */
@Injectable()
export class CacheRepairLoop implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CacheRepairLoop.name);
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(API_ENVIRONMENT) private readonly environment: ApiEnvironment,
    private readonly repairs: CacheRepairsService,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pass = this.repairs
        .repairDue()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'cache repair pass failed'))
        .finally(() => {
          this.pass = undefined;
          this.schedule();
        });
    }, this.environment.CACHE_REPAIR_INTERVAL_MS);
  }
}
