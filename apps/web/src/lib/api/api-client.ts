import 'server-only';
import { ApiClient } from '@profile/api-contract';
import { webEnvironment } from '../web-environment';

/**
 * The contract's client of the api, from the server side only, with the operator's key (none for
 * the health routes). It sets no fetch `cache` option: `no-store` would send Cache-Control:
 * no-cache, which makes the api bypass its FIFO; Next.js does not cache these fetches anyway.
 */
export function apiClient(apiKey?: string): ApiClient {
  const { API_URL, API_TIMEOUT_MS } = webEnvironment();
  return new ApiClient({ baseUrl: API_URL, apiKey, timeoutMs: API_TIMEOUT_MS });
}
