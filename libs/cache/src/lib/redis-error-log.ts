import type { LoggerService } from '@nestjs/common';
import type { RedisClient } from './redis-client';

/**
 * Logs the client's connection errors as one line each, with the error's name, message and code
 * (without a listener ioredis prints every one with its stack). While Redis stays away every
 * reconnect attempt fails the same way, so an error is logged again only once it changes or the
 * client has been ready in between.
 */
export function logRedisErrors(redis: RedisClient, logger: LoggerService): void {
  let last: string | undefined;
  redis.on('ready', () => {
    last = undefined;
  });
  redis.on('error', (error: Error & { code?: string }) => {
    if (error.message === last) return;
    last = error.message;
    logger.warn(
      { error: { name: error.name, message: error.message, code: error.code } },
      'Redis connection error',
    );
  });
}
