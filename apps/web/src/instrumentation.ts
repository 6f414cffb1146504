import type { Instrumentation } from 'next';

// Runs once when the server starts: a bad variable stops it with a message naming the variable,
// and from then on the server's output is JSON lines, like the api's and the worker's.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { webEnvironment } = await import('./lib/web-environment');
    webEnvironment();
    const { logConsoleAsJson } = await import('./lib/logging/server-log');
    logConsoleAsJson();
  }
}

export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { logRequestError } = await import('./lib/logging/server-log');
    logRequestError(error, request, context);
  }
};
