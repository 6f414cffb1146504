import { QueryFailedError } from 'typeorm';

/**
 * What the log keeps of an error, under `error` (pino would rebuild an `err` from the object's
 * own fields). TypeORM attaches the statement's parameters (and PostgreSQL the conflicting values)
 * to its errors; they hold personal data, so only the name, message, code and stack are kept.
 */
export function loggableError(exception: unknown): Record<string, unknown> {
  if (!(exception instanceof Error)) return { type: typeof exception, message: String(exception) };
  const code =
    exception instanceof QueryFailedError
      ? (exception.driverError as { code?: string }).code
      : (exception as { code?: unknown }).code;
  return {
    type: exception.name,
    message: exception.message,
    ...(typeof code === 'string' ? { code } : {}),
    stack: exception.stack,
  };
}
