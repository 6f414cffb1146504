import { QueryFailedError } from 'typeorm';

/**
 * What a database error says about the request that met it:
 * - `timeout`: PostgreSQL cancelled the statement after DB_STATEMENT_TIMEOUT_MS, or a lock was not
 *   to be had;
 * - `unavailable`: PostgreSQL could not be reached, or dropped the connection (restarting,
 *   failing over, out of connections);
 * - `invalid-value`: PostgreSQL refused a value the client sent (a date or number out of its
 *   range, text it cannot store): SQLSTATE class 22, data exception;
 * - undefined: anything else, which is the server's fault.
 */
export type DatabaseFailure = 'timeout' | 'unavailable' | 'invalid-value';

const TIMEOUTS = new Set(['57014', '55P03']);
/** admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
const UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300']);
const CONNECTION_EXCEPTION_CLASS = '08';
const DATA_EXCEPTION_CLASS = '22';
/** Socket errors of a connection attempt or of an open connection. */
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
/** node-postgres's own messages for a pool that could not connect, or a connection that ended. */
const LOST_CONNECTION = /^(timeout exceeded when trying to connect|Connection terminated)/;

export function databaseFailureOf(exception: unknown): DatabaseFailure | undefined {
  const error = exception instanceof QueryFailedError ? exception.driverError : exception;
  if (!(error instanceof Error)) return undefined;
  const code = sqlStateOf(exception);
  if (code !== undefined) {
    if (TIMEOUTS.has(code)) return 'timeout';
    if (
      UNAVAILABLE.has(code) ||
      (code.startsWith(CONNECTION_EXCEPTION_CLASS) && code.length === 5)
    ) {
      return 'unavailable';
    }
    if (SOCKET_ERRORS.has(code)) return 'unavailable';
    if (code.startsWith(DATA_EXCEPTION_CLASS) && code.length === 5) return 'invalid-value';
  }
  return LOST_CONNECTION.test(error.message) ? 'unavailable' : undefined;
}

/** deadlock_detected, serialization_failure: the transaction may succeed when run again. */
const CONFLICTS = new Set(['40P01', '40001']);

/**
 * Whether the work that met this error may succeed unchanged a little later: the database was
 * unreachable or timed out, or the transaction lost a deadlock or a serialization conflict.
 */
export function isTransientDatabaseFailure(exception: unknown): boolean {
  const failure = databaseFailureOf(exception);
  if (failure === 'timeout' || failure === 'unavailable') return true;
  const code = sqlStateOf(exception);
  return code !== undefined && CONFLICTS.has(code);
}

/** The SQLSTATE (or socket error code) of a database error, if it has one. */
export function sqlStateOf(exception: unknown): string | undefined {
  const error = exception instanceof QueryFailedError ? exception.driverError : exception;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
