import { Module } from '@nestjs/common';
import { CacheRepairsModule } from '../cache-repairs/cache-repairs.module';
import { profileReadsMetricProvider } from './profile-reads.metric';
import { ProfilesController } from './profiles.controller';
import { ProfilesRepository } from './profiles.repository';
import { ProfilesService } from './profiles.service';

@Module({
  imports: [CacheRepairsModule],
  controllers: [ProfilesController],
  providers: [ProfilesRepository, ProfilesService, profileReadsMetricProvider],
})
export class ProfilesModule {}
