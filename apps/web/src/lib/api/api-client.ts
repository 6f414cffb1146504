import 'server-only';
import { webEnvironment } from '../web-environment';
import { parseProblem, Problem } from './problem';

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Why a call did not succeed: the api could not be reached, or it answered with a problem. */
export type ApiFailure =
  | { ok: false; kind: 'unreachable'; message: string }
  | { ok: false; kind: 'problem'; status: number; problem: Problem };

export interface ApiSuccess<T> {
  ok: true;
  status: number;
  data: T;
  headers: Headers;
  /** Milliseconds from sending the request to reading the whole answer. */
  roundTripMs: number;
}

export type ApiResult<T> = ApiSuccess<T> | ApiFailure;

/** Calls the api with an API key, from the server side only; never throws for a failed call. */
export async function callApi<T>(apiKey: string, request: ApiRequest): Promise<ApiResult<T>> {
  const { API_URL, API_TIMEOUT_MS } = webEnvironment();
  const url = new URL(request.path, API_URL);
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined && value !== '') url.searchParams.set(name, value);
  }
  const started = performance.now();
  let response: Response;
  let body: string;
  try {
    response = await fetch(url, {
      method: request.method ?? 'GET',
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${apiKey}`,
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...request.headers,
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      // No `cache: 'no-store'`: fetch would then send Cache-Control: no-cache, which makes the api
      // bypass its FIFO. Next.js does not cache fetches in these dynamic pages and actions anyway.
      signal: AbortSignal.timeout(API_TIMEOUT_MS),
    });
    body = await response.text();
  } catch (error) {
    return { ok: false, kind: 'unreachable', message: describeNetworkError(error, API_TIMEOUT_MS) };
  }
  const roundTripMs = performance.now() - started;
  if (!response.ok) {
    return {
      ok: false,
      kind: 'problem',
      status: response.status,
      problem: parseProblem(response.status, body),
    };
  }
  return {
    ok: true,
    status: response.status,
    data: (body === '' ? undefined : JSON.parse(body)) as T,
    headers: response.headers,
    roundTripMs,
  };
}

/** Words for an operator: a timeout or a refused connection, never a stack. */
function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `the API did not answer within ${timeoutMs} ms`;
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  switch (code) {
    case 'ECONNREFUSED':
      return 'the API refused the connection (is it running?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the API’s host name does not resolve';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection to the API broke off';
    default:
      return 'the API cannot be reached';
  }
}
