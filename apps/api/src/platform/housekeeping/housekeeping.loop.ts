import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { API_ENVIRONMENT, ApiEnvironment } from '../config/api-environment';
import { RepeatingJob } from '../scheduling/repeating-job';
import { Housekeeping } from './housekeeping';

/** Runs the registered pruners every HOUSEKEEPING_INTERVAL_MS, starting one interval after boot. */
@Injectable()
export class HousekeepingLoop implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HousekeepingLoop.name);
  private readonly job: RepeatingJob;

  constructor(housekeeping: Housekeeping, @Inject(API_ENVIRONMENT) environment: ApiEnvironment) {
    this.job = new RepeatingJob('housekeeping', environment.HOUSEKEEPING_INTERVAL_MS, async () => {
      const pruned = await housekeeping.prune();
      if (Object.values(pruned).some((count) => count > 0)) this.logger.log(pruned, 'pruned');
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }
}
