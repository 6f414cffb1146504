import type { FieldError } from '@profile/profile-domain';

/** What went wrong, independent of HTTP; ProblemFilter translates each code to a problem type. */
export type ApiErrorCode =
  | 'invalid-request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'precondition-failed'
  | 'task-not-cancellable'
  | 'task-not-retryable'
  | 'task-not-runnable'
  | 'attempt-not-claimable'
  | 'attempt-held'
  | 'dead-letter-not-replayable'
  | 'broker-unavailable'
  | 'idempotency-key-reused'
  | 'rate-limited'
  | 'unsupported-media-type'
  | 'cache-unavailable';

/** An error the API answers with a problem: the detail and field errors are safe to show a client. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly detail: string,
    readonly fieldErrors: readonly FieldError[] = [],
    /** Seconds after which the same request may succeed (sent as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  static invalid(fieldErrors: readonly FieldError[]): ApiError {
    const fields = fieldErrors.map(({ path, message }) => `${path || 'body'} ${message}`);
    return new ApiError('invalid-request', `${fields.join('; ')}.`, fieldErrors);
  }
}
