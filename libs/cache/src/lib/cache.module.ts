import {
  Inject,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { CACHE_ENVIRONMENT, CacheEnvironment } from './cache-environment';
import { CircuitBreaker, CircuitState } from './circuit-breaker';
import { ProfileCache } from './profile-cache';
import { ProfileCacheMetrics, profileCacheMetricProviders } from './profile-cache-metrics';
import { ProfileCacheSettings, profileCacheSettings } from './profile-cache-settings';
import {
  closeRedisClient,
  createRedisClient,
  REDIS_CLIENT,
  type RedisClient,
  untilReady,
} from './redis-client';
import { logRedisErrors } from './redis-error-log';
import { RedisFifo } from './redis-fifo';
import { RedisFifoStore } from './redis-fifo-store';
import { RedisHealthCheck } from './redis-health.check';
import { RedisProfileCache } from './redis-profile-cache';

/** Injection token of the cache-manager v5 Store (a RedisFifoStore). */
export const PROFILE_CACHE_STORE = Symbol('PROFILE_CACHE_STORE');

/** One breaker per Redis client: the profile cache and the Store see the same Redis. */
const CIRCUIT_BREAKER = Symbol('PROFILE_CACHE_CIRCUIT_BREAKER');
const SETTINGS = Symbol('PROFILE_CACHE_SETTINGS');

/**
 * Provides `ProfileCache` (a RedisProfileCache, also injectable under its own class), the
 * cache-manager Store under PROFILE_CACHE_STORE, the Redis client, its health check and the cache's
 * Prometheus metrics, configured by the CacheEnvironment the app provides under CACHE_ENVIRONMENT.
 * The app need not import PrometheusModule here: see profileCacheMetricProviders. The client's
 * connection errors are logged one line each.
 */
@Module({
  providers: [
    {
      provide: SETTINGS,
      inject: [CACHE_ENVIRONMENT],
      useFactory: (environment: CacheEnvironment) => profileCacheSettings(environment),
    },
    {
      provide: REDIS_CLIENT,
      inject: [CACHE_ENVIRONMENT],
      useFactory: (environment: CacheEnvironment) => {
        const redis = createRedisClient({
          url: environment.REDIS_URL,
          mode: environment.REDIS_MODE,
          commandTimeoutMs: environment.CACHE_TIMEOUT_MS,
        });
        logRedisErrors(redis, new Logger('Redis'));
        return redis;
      },
    },
    ...profileCacheMetricProviders,
    ProfileCacheMetrics,
    {
      provide: CIRCUIT_BREAKER,
      inject: [SETTINGS, ProfileCacheMetrics, REDIS_CLIENT],
      useFactory: (
        settings: ProfileCacheSettings,
        metrics: ProfileCacheMetrics,
        redis: RedisClient,
      ) => {
        const logger = new Logger('ProfileCache');
        const breaker = new CircuitBreaker(
          settings.breaker,
          (state: CircuitState, cause: unknown) => {
            metrics.circuit(state);
            if (state === 'open') {
              logger.warn(`Redis unavailable, bypassing the cache: ${describe(cause)}`);
            } else if (state === 'closed') {
              logger.log('Redis answers again, cache in use');
            }
          },
        );
        redis.on('ready', () => breaker.connectionReady());
        return breaker;
      },
    },
    {
      provide: RedisProfileCache,
      inject: [SETTINGS, REDIS_CLIENT, CIRCUIT_BREAKER, ProfileCacheMetrics],
      useFactory: (
        settings: ProfileCacheSettings,
        redis: RedisClient,
        breaker: CircuitBreaker,
        metrics: ProfileCacheMetrics,
      ) =>
        new RedisProfileCache(
          new RedisFifo(redis, settings.prefix, settings.maxEntries),
          breaker,
          metrics,
          settings.ttls,
        ),
    },
    { provide: ProfileCache, useExisting: RedisProfileCache },
    {
      provide: PROFILE_CACHE_STORE,
      inject: [SETTINGS, REDIS_CLIENT, CIRCUIT_BREAKER],
      useFactory: (settings: ProfileCacheSettings, redis: RedisClient, breaker: CircuitBreaker) =>
        new RedisFifoStore(
          new RedisFifo(redis, settings.storePrefix, settings.maxEntries),
          breaker,
          { ttl: settings.ttls.newMs },
        ),
    },
    RedisHealthCheck,
  ],
  exports: [REDIS_CLIENT, RedisHealthCheck, ProfileCache, RedisProfileCache, PROFILE_CACHE_STORE],
})
export class ProfileCacheModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisClient) {}

  /** Waits (at most the connect timeout) for Redis, so that an app starts with its cache in use. */
  onApplicationBootstrap(): Promise<void> {
    return untilReady(this.redis);
  }

  async onApplicationShutdown(): Promise<void> {
    await closeRedisClient(this.redis);
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
