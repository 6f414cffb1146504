import { Module } from '@nestjs/common';
import { RateLimiter } from './rate-limiter';

/** The per-key and per-address budgets the access guard counts requests against. */
@Module({
  providers: [RateLimiter],
  exports: [RateLimiter],
})
export class RateLimitModule {}
