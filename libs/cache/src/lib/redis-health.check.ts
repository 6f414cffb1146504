import { Inject, Injectable } from '@nestjs/common';
import type { DependencyCheck } from '@profile/profile-domain';
import type Redis from 'ioredis';
import { REDIS_CLIENT } from './redis-client';

@Injectable()
export class RedisHealthCheck implements DependencyCheck {
  readonly name = 'redis';

  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  async check(): Promise<void> {
    if (this.redis.status !== 'ready') {
      throw new Error(`connection is ${this.redis.status}`);
    }
    await this.redis.ping();
  }
}
