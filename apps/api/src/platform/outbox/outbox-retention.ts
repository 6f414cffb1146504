import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { API_ENVIRONMENT, ApiEnvironment } from '../config/api-environment';
import { Housekeeping, retentionCutoff } from '../housekeeping/housekeeping';
import { OutboxRepository } from './outbox.repository';

/** Sent outbox rows go after OUTBOX_RETENTION_MS. */
@Injectable()
export class OutboxRetention implements OnModuleInit {
  constructor(
    private readonly housekeeping: Housekeeping,
    private readonly outbox: OutboxRepository,
    @Inject(API_ENVIRONMENT) private readonly environment: ApiEnvironment,
  ) {}

  onModuleInit(): void {
    this.housekeeping.register('outbox', (now) =>
      this.outbox.pruneSent(retentionCutoff(now, this.environment.OUTBOX_RETENTION_MS)),
    );
  }
}
