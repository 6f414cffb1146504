import { Module } from '@nestjs/common';
import { Housekeeping } from './housekeeping';
import { HousekeepingLoop } from './housekeeping.loop';

/** Prunes every HOUSEKEEPING_INTERVAL_MS with the pruners that modules register on Housekeeping. */
@Module({ providers: [Housekeeping, HousekeepingLoop], exports: [Housekeeping] })
export class HousekeepingModule {}
