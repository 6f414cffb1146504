import { Module } from '@nestjs/common';
import { ProfileCacheModule } from '@profile/cache';
import { CacheAdminController } from './cache-admin.controller';

@Module({ imports: [ProfileCacheModule], controllers: [CacheAdminController] })
export class CacheAdminModule {}
