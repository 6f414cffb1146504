import 'server-only';
import type { ApiAnswer, CacheSnapshot } from '@profile/api-contract';
import { consoleCall } from './console-call';

export function readCache(apiKey: string): Promise<ApiAnswer<CacheSnapshot>> {
  return consoleCall(apiKey, (api) => api.readCache());
}

export function flushCache(apiKey: string): Promise<ApiAnswer<undefined>> {
  return consoleCall(apiKey, (api) => api.flushCache());
}
