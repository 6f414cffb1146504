import 'server-only';
import type { CacheSnapshot } from '@profile/profile-domain';
import type { ApiResult } from './api-client';
import { consoleCall } from './console-call';

export function readCache(apiKey: string): Promise<ApiResult<CacheSnapshot>> {
  return consoleCall(apiKey, { path: '/api/v1/cache' });
}

export function flushCache(apiKey: string): Promise<ApiResult<undefined>> {
  return consoleCall(apiKey, { method: 'DELETE', path: '/api/v1/cache' });
}
