import Redis from 'ioredis';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

export interface RedisClientOptions {
  url: string;
  /** Every command fails after this long instead of holding a request. */
  commandTimeoutMs: number;
}

const RECONNECT_CEILING_MS = 2000;

/**
 * A client that never queues commands while disconnected: the cache answers BYPASS at once
 * instead of waiting for Redis, and reconnects in the background forever.
 */
export function createRedisClient(options: RedisClientOptions): Redis {
  return new Redis(options.url, {
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: 2000,
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 100, RECONNECT_CEILING_MS),
  });
}

export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  try {
    await client.quit();
  } catch {
    // quit fails when the connection is already gone; disconnect then ends the reconnect loop.
    client.disconnect();
  }
}
