import 'server-only';
import type { ApiResult } from './api-client';
import { consoleCall } from './console-call';

export interface CacheEntry {
  key: string;
  id: string;
  version: number;
  insertedAt: string;
  expiresAt: string;
}

export interface CacheStats {
  hits: number;
  misses: number;
  evictions: number;
  expirations: number;
  sets: number;
  invalidations: number;
}

/** `GET /api/v1/cache`: entries oldest first, in FIFO order (the first is evicted next). */
export interface CacheSnapshot {
  maxEntries: number;
  size: number;
  entries: CacheEntry[];
  stats: CacheStats;
}

export function readCache(apiKey: string): Promise<ApiResult<CacheSnapshot>> {
  return consoleCall(apiKey, { path: '/api/v1/cache' });
}

export function flushCache(apiKey: string): Promise<ApiResult<undefined>> {
  return consoleCall(apiKey, { method: 'DELETE', path: '/api/v1/cache' });
}
