import { Module } from '@nestjs/common';
import { ProfileCacheModule } from '@profile/cache';
import { DatabaseModule } from '../../platform/database/database.module';
import { CacheRepairLoop } from './cache-repair.loop';
import { CacheRepairsService } from './cache-repairs.service';

@Module({
  imports: [DatabaseModule, ProfileCacheModule],
  providers: [CacheRepairsService, CacheRepairLoop],
  exports: [CacheRepairsService],
})
export class CacheRepairsModule {}
