import { Inject, Injectable } from '@nestjs/common';
import type { DependencyCheck } from '@profile/profile-domain';
import { Cluster } from 'ioredis';
import { REDIS_CLIENT, type RedisClient } from './redis-client';

@Injectable()
export class RedisHealthCheck implements DependencyCheck {
  readonly name = 'redis';

  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisClient) {}

  async check(): Promise<void> {
    if (this.redis.status !== 'ready') {
      throw new Error(`connection is ${this.redis.status}`);
    }
    if (this.redis instanceof Cluster) {
      // Any node answers PING; only a cluster whose every slot has a primary serves every key.
      const info = await this.redis.cluster('INFO');
      const state = /^cluster_state:(\w+)/m.exec(info)?.[1];
      if (state !== 'ok') throw new Error(`the Redis Cluster's state is ${state ?? 'unknown'}`);
      return;
    }
    await this.redis.ping();
  }
}
