import { Global, Module } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { CACHE_ENVIRONMENT, CacheEnvironment } from '../../src/lib/cache-environment';
import { ProfileCacheModule } from '../../src/lib/cache.module';

/** ProfileCacheModule as an app builds it: the environment provided to every module. */
export async function compileCacheModule(environment: CacheEnvironment): Promise<TestingModule> {
  @Global()
  @Module({
    providers: [{ provide: CACHE_ENVIRONMENT, useValue: environment }],
    exports: [CACHE_ENVIRONMENT],
  })
  class AppConfig {}
  const module = await Test.createTestingModule({
    imports: [AppConfig, ProfileCacheModule],
  }).compile();
  return module.init();
}
