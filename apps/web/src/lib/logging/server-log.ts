import 'server-only';
import { logLineFormat } from '@profile/profile-domain';
import { format } from 'node:util';
import pino from 'pino';

/** The web server's log: JSON lines with the api's and the worker's fields. */
export const serverLog = pino({ ...logLineFormat('web'), level: 'info' });

interface LoggedError {
  name: string;
  message: string;
  /** The reference the error page shows the operator. */
  digest?: string;
  stack?: string;
}

/** Name, message, digest and stack only: other properties of an error may hold personal data. */
export function loggedError(error: unknown): LoggedError {
  if (!(error instanceof Error)) return { name: 'NonError', message: String(error) };
  const { digest } = error as Error & { digest?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof digest === 'string' ? { digest } : {}),
    stack: error.stack,
  };
}

const CONSOLE_LEVELS = {
  debug: 'debug',
  log: 'info',
  info: 'info',
  warn: 'warn',
  error: 'error',
} as const;

/**
 * Makes what Next.js (and any library) writes with `console` JSON lines of `serverLog`, under the
 * context `console`, so that every line the server writes once it runs is JSON.
 */
export function logConsoleAsJson(): void {
  for (const [method, level] of Object.entries(CONSOLE_LEVELS)) {
    console[method as keyof typeof CONSOLE_LEVELS] = (...args: unknown[]) => {
      const error = args.find((arg) => arg instanceof Error);
      const text = format(...args.filter((arg) => arg !== error)).trim();
      serverLog[level](
        { context: 'console', ...(error ? { error: loggedError(error) } : {}) },
        text || (error as Error | undefined)?.message || '',
      );
    };
  }
}

interface FailedRequest {
  method: string;
  path: string;
}

interface FailedRoute {
  routePath: string;
  routeType: string;
}

/** The fields of a failed request's line: its method, path and route; never the query string. */
export function requestErrorFields(error: unknown, request: FailedRequest, route: FailedRoute) {
  return {
    context: 'request',
    req: { method: request.method, path: request.path.split('?', 1)[0] },
    route: route.routePath,
    routeType: route.routeType,
    error: loggedError(error),
  };
}

/** One line per request that failed on the server (onRequestError). */
export function logRequestError(error: unknown, request: FailedRequest, route: FailedRoute): void {
  serverLog.error(requestErrorFields(error, request, route), 'request failed');
}
