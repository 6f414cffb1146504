import type { WorkerEnvironment } from '../config/worker-environment';

/**
 * Calls the api at `path` with the worker's key, giving up after API_TIMEOUT_MS or when `signal`
 * aborts (the attempt is being abandoned).
 */
export function apiRequest(
  environment: WorkerEnvironment,
  path: string,
  signal: AbortSignal,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Response> {
  return fetch(new URL(path, environment.API_URL), {
    method: init.method ?? 'GET',
    headers: {
      accept: 'application/json',
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(environment.WORKER_API_KEY
        ? { authorization: `Bearer ${environment.WORKER_API_KEY}` }
        : {}),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.any([signal, AbortSignal.timeout(environment.API_TIMEOUT_MS)]),
  });
}
