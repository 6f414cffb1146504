// The cache's public API: the Nest module and what the app injects from it, the environment slice,
// the client factory the benchmarks share, and the generic cache-manager Store.
export * from './lib/cache-environment';
export * from './lib/cache-unavailable.error';
export { PROFILE_CACHE_STORE, ProfileCacheModule } from './lib/cache.module';
export * from './lib/profile-cache';
export { PROFILE_CACHE_METRIC } from './lib/profile-cache-metrics';
export { closeRedisClient, createRedisClient, REDIS_CLIENT } from './lib/redis-client';
export type { RedisClient, RedisClientOptions } from './lib/redis-client';
export { redisFifoStore } from './lib/redis-fifo-store';
export type { RedisFifoStoreOptions } from './lib/redis-fifo-store';
export { RedisHealthCheck } from './lib/redis-health.check';
