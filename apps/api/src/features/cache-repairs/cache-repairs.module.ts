import { Module } from '@nestjs/common';
import { CacheRepairLoop } from './cache-repair.loop';
import { CacheRepairsService } from './cache-repairs.service';

@Module({
  providers: [CacheRepairsService, CacheRepairLoop],
  exports: [CacheRepairsService],
})
export class CacheRepairsModule {}
