import { DEFAULT_JITTER, withJitter } from '@profile/profile-domain';
import Redis, { Cluster } from 'ioredis';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** `standalone`: one Redis server; `cluster`: a Redis Cluster (every key of a cache shares a slot). */
export type RedisMode = 'standalone' | 'cluster';

/** What the cache talks to: one server, or a cluster, through the same commands. */
export type RedisClient = Redis | Cluster;

export interface RedisClientOptions {
  /** The server; in cluster mode, any node of the cluster (the others are found from it). */
  url: string;
  mode?: RedisMode;
  /** Every command fails after this long instead of holding a request. */
  commandTimeoutMs: number;
}

const RECONNECT_CEILING_MS = 2000;
const CONNECT_TIMEOUT_MS = 2000;

/**
 * How long the client waits before reconnect `attempt` (1-based): 100 ms more each time, at most
 * RECONNECT_CEILING_MS, less up to half at random, so that replicas that lost Redis together do not
 * reconnect together. The same for a cluster's nodes.
 */
export function redisReconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  return withJitter(Math.min(attempt * 100, RECONNECT_CEILING_MS), DEFAULT_JITTER, random);
}

/**
 * A client that never queues commands while disconnected: the cache answers BYPASS at once
 * instead of waiting for Redis, and reconnects in the background forever. In cluster mode it learns
 * the nodes and their slots from the node of `url`, follows MOVED and ASK redirections, and applies
 * the URL's credentials and TLS to every node.
 */
export function createRedisClient(options: RedisClientOptions & { mode?: 'standalone' }): Redis;
export function createRedisClient(options: RedisClientOptions): RedisClient;
export function createRedisClient(options: RedisClientOptions): RedisClient {
  if (options.mode === 'cluster') return createClusterClient(options);
  return new Redis(options.url, {
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: CONNECT_TIMEOUT_MS,
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => redisReconnectDelayMs(attempt),
  });
}

function createClusterClient({ url, commandTimeoutMs }: RedisClientOptions): Cluster {
  const { protocol, hostname, port, username, password, pathname } = new URL(url);
  if (pathname.length > 1 && pathname !== '/0') {
    throw new Error(
      `a Redis Cluster has only database 0, and REDIS_URL names ${pathname.slice(1)}`,
    );
  }
  return new Cluster([{ host: hostname, port: Number(port || 6379) }], {
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    clusterRetryStrategy: (attempt) => redisReconnectDelayMs(attempt),
    slotsRefreshTimeout: CONNECT_TIMEOUT_MS,
    redisOptions: {
      username: decodeURIComponent(username) || undefined,
      password: decodeURIComponent(password) || undefined,
      tls: protocol === 'rediss:' ? {} : undefined,
      commandTimeout: commandTimeoutMs,
      connectTimeout: CONNECT_TIMEOUT_MS,
      maxRetriesPerRequest: 0,
    },
  });
}

/**
 * Resolves once the client is ready, or after the connect timeout: an app that waits for this
 * before it serves starts with the cache in use when Redis is there, and without it when not.
 */
export function untilReady(client: RedisClient, timeoutMs = CONNECT_TIMEOUT_MS): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    client.once('ready', done);
  });
}

export async function closeRedisClient(client: RedisClient): Promise<void> {
  if (client.status === 'end') return;
  try {
    await client.quit();
  } catch {
    // quit fails when the connection is already gone; disconnect then ends the reconnect loop.
    client.disconnect();
  }
}
