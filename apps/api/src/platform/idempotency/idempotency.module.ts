import { Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { API_ENVIRONMENT, ApiEnvironment } from '../config/api-environment';
import { DatabaseModule } from '../database/database.module';
import { Housekeeping, retentionCutoff } from '../housekeeping/housekeeping';
import { HousekeepingModule } from '../housekeeping/housekeeping.module';
import { IdempotencyKeys } from './idempotency-keys';

/** Idempotency keys go after IDEMPOTENCY_KEY_RETENTION_MS. */
@Injectable()
export class IdempotencyRetention implements OnModuleInit {
  constructor(
    private readonly housekeeping: Housekeeping,
    private readonly keys: IdempotencyKeys,
    @Inject(API_ENVIRONMENT) private readonly environment: ApiEnvironment,
  ) {}

  onModuleInit(): void {
    this.housekeeping.register('idempotencyKeys', (now) =>
      this.keys.prune(retentionCutoff(now, this.environment.IDEMPOTENCY_KEY_RETENTION_MS)),
    );
  }
}

/** The Idempotency-Key bookkeeping of the create endpoints. */
@Module({
  imports: [DatabaseModule, HousekeepingModule],
  providers: [IdempotencyKeys, IdempotencyRetention],
  exports: [IdempotencyKeys],
})
export class IdempotencyModule {}
