import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkerEnvironment } from '../config/worker-environment';

/**
 * Calls the api at `path` with the worker's key, giving up after API_TIMEOUT_MS or when `signal`
 * aborts (the attempt is being abandoned); without a signal, only the timeout ends the call.
 */
export function apiRequest(
  environment: WorkerEnvironment,
  path: string,
  signal: AbortSignal | undefined,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Response> {
  const timeout = AbortSignal.timeout(environment.API_TIMEOUT_MS);
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
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  });
}

/** Answers after which the api asks to be called again later (rate limited, or unavailable). */
const COME_BACK_LATER = new Set([429, 503]);
const DEFAULT_RETRY_AFTER_MS = 1_000;
const MAX_RETRY_AFTER_MS = 30_000;

/**
 * Calls the api as apiRequest does, and again after each 429 or 503 once its Retry-After has
 * passed, until `signal` aborts (the attempt is abandoned): such answers cost the task attempt
 * nothing.
 */
export async function apiRequestRetryingLater(
  environment: WorkerEnvironment,
  path: string,
  signal: AbortSignal,
  init: Parameters<typeof apiRequest>[3] = {},
): Promise<Response> {
  for (;;) {
    const response = await apiRequest(environment, path, signal, init);
    if (!COME_BACK_LATER.has(response.status)) return response;
    await response.body?.cancel();
    await sleep(retryAfterMs(response.headers.get('retry-after')), undefined, { signal });
  }
}

/** A Retry-After header (seconds, or an HTTP date) in ms; 1 s when absent, at most 30 s. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header === null || header.trim() === '') return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1_000 : Date.parse(header) - now;
  if (!Number.isFinite(ms)) return DEFAULT_RETRY_AFTER_MS;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}
