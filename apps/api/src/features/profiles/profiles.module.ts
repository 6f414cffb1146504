import { Module } from '@nestjs/common';
import { ProfileCacheModule } from '@profile/cache';
import { DatabaseModule } from '../../platform/database/database.module';
import { IdempotencyModule } from '../../platform/idempotency/idempotency.module';
import { OutboxModule } from '../../platform/outbox/outbox.module';
import { CacheRepairsModule } from '../cache-repairs/cache-repairs.module';
import { TasksModule } from '../tasks/tasks.module';
import { ProfileChangeEffects } from './profile-change-effects';
import { profileReadsMetricProvider } from './profile-reads.metric';
import { ProfilesController } from './profiles.controller';
import { ProfilesRepository } from './profiles.repository';
import { ProfilesService } from './profiles.service';

@Module({
  imports: [
    DatabaseModule,
    ProfileCacheModule,
    CacheRepairsModule,
    OutboxModule,
    IdempotencyModule,
    TasksModule,
  ],
  controllers: [ProfilesController],
  providers: [
    ProfilesRepository,
    ProfileChangeEffects,
    ProfilesService,
    profileReadsMetricProvider,
  ],
})
export class ProfilesModule {}
