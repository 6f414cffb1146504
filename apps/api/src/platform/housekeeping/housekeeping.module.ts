import { Module } from '@nestjs/common';
import { HousekeepingLoop } from './housekeeping.loop';
import { HousekeepingService } from './housekeeping.service';

@Module({ providers: [HousekeepingService, HousekeepingLoop] })
export class HousekeepingModule {}
