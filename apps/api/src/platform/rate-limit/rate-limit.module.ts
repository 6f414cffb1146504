import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { API_ENVIRONMENT, ApiEnvironment } from '../config/api-environment';
import { FixedWindowThrottlerStorage } from './fixed-window-storage';

/** In-memory, per replica: RATE_LIMIT_LIMIT requests per RATE_LIMIT_TTL_MS window. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [API_ENVIRONMENT],
      useFactory: (environment: ApiEnvironment) => ({
        throttlers: [{ ttl: environment.RATE_LIMIT_TTL_MS, limit: environment.RATE_LIMIT_LIMIT }],
        storage: new FixedWindowThrottlerStorage(),
      }),
    }),
  ],
})
export class RateLimitModule {}
