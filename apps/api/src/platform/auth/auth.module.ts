import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { ApiAccessGuard } from './api-access.guard';
import { ApiKeyRegistry } from './api-key-registry';
import { AuthController } from './auth.controller';

/** API keys and the guard that admits (and rate-limits) every request to a scoped route. */
@Module({
  imports: [DiscoveryModule, RateLimitModule],
  controllers: [AuthController],
  providers: [ApiKeyRegistry, { provide: APP_GUARD, useClass: ApiAccessGuard }],
  exports: [ApiKeyRegistry],
})
export class AuthModule {}
