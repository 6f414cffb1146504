import { HttpException } from '@nestjs/common';
import {
  type Problem,
  PROBLEM_TYPES,
  type ProblemKind,
  problemTypeUri,
} from '@profile/api-contract';
import type { FieldError } from '@profile/profile-domain';
import { BODY_LIMIT_BYTES } from '@profile/service-core';
import { ApiError, ApiErrorCode } from './api-error';
import { databaseFailureOf } from './database-errors';

/** What a problem says, before it is addressed to a request. */
export interface ProblemParts {
  kind: ProblemKind;
  status?: number;
  detail: string;
  errors?: readonly FieldError[];
  /** Seconds a client should wait before trying again (a 503, or a 409 that will pass). */
  retryAfterSeconds?: number;
}

/** How long a client should wait before retrying while PostgreSQL cannot answer. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The problem an error answers with; anything not raised on purpose is internal (a 500). */
export function problemParts(exception: unknown, method: string, path: string): ProblemParts {
  if (exception instanceof ApiError) {
    const errors = exception.fieldErrors.length > 0 ? exception.fieldErrors : undefined;
    return {
      kind: kindOfCode(exception.code),
      detail: exception.detail,
      errors,
      retryAfterSeconds: exception.retryAfterSeconds,
    };
  }
  switch (databaseFailureOf(exception)) {
    case 'timeout':
      return {
        kind: 'service-unavailable',
        detail:
          'PostgreSQL did not answer in time; retry later, quoting the errorId if it persists.',
        retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
      };
    case 'unavailable':
      return {
        kind: 'service-unavailable',
        detail: 'PostgreSQL cannot be reached; retry later, quoting the errorId if it persists.',
        retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
      };
    case 'invalid-value':
      return {
        kind: 'invalid-request',
        detail:
          'A value of the request is out of the range PostgreSQL can store, or not valid text.',
        errors: [{ path: '', message: 'holds a value out of range or not valid text' }],
      };
    case undefined:
      break;
  }
  const status = httpStatusOf(exception);
  if (status === undefined || status >= 500) {
    return {
      kind: 'internal-error',
      detail: 'The server failed to answer; quote the errorId when reporting it.',
    };
  }
  return problemOfStatus(status, method, path);
}

/**
 * Errors the HTTP layer raises before a handler runs: unmatched routes, Fastify's request
 * reading (which Nest wraps as HttpException) and Node's own refusals. Their messages are
 * Fastify's or Node's, so each gets a detail of our own.
 */
export function problemOfStatus(status: number, method: string, path: string): ProblemParts {
  switch (status) {
    // The JSON parser raises its own ApiErrors (json-bodies.ts); what is left is a URL that is not
    // validly percent-encoded or a body shorter or longer than its Content-Length.
    case 400:
      return {
        kind: 'invalid-request',
        detail: 'The request is malformed: its URL or its framing cannot be read.',
        errors: [{ path: '', message: 'is malformed' }],
      };
    case 404:
      return { kind: 'not-found', detail: `No route matches ${method} ${path}.` };
    case 408:
      return {
        kind: 'client-error',
        status,
        detail: 'The request did not arrive in full within the server’s request timeout.',
      };
    case 413:
      return { kind: 'payload-too-large', detail: `The body exceeds ${BODY_LIMIT_BYTES} bytes.` };
    case 415:
      return { kind: 'unsupported-media-type', detail: 'Send the body as application/json.' };
    case 431:
      return { kind: 'client-error', status, detail: 'The request’s headers are too large.' };
    default:
      return {
        kind: 'client-error',
        status,
        detail: `The request was refused with status ${status}.`,
      };
  }
}

/** The problem body of `parts`, answering the request at `instance` (its path) with `requestId`. */
export function toProblem(parts: ProblemParts, instance: string, requestId: string): Problem {
  const problem: Problem = {
    type: problemTypeUri(parts.kind),
    title: PROBLEM_TYPES[parts.kind].title,
    status: parts.status ?? PROBLEM_TYPES[parts.kind].status,
    detail: parts.detail,
    instance,
    requestId,
  };
  if (parts.errors) problem.errors = [...parts.errors];
  return problem;
}

function kindOfCode(code: ApiErrorCode): ProblemKind {
  switch (code) {
    case 'invalid-request':
    case 'unauthenticated':
    case 'forbidden':
    case 'not-found':
    case 'conflict':
    case 'precondition-failed':
    case 'task-not-cancellable':
    case 'task-not-retryable':
    case 'task-not-runnable':
    case 'attempt-not-claimable':
    case 'attempt-held':
    case 'dead-letter-not-replayable':
    case 'idempotency-key-reused':
    case 'rate-limited':
    case 'unsupported-media-type':
      return code;
    case 'cache-unavailable':
    case 'broker-unavailable':
      return 'service-unavailable';
    default:
      return assertNever(code);
  }
}

function httpStatusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  if (exception instanceof Error && 'statusCode' in exception) {
    const { statusCode } = exception;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) return statusCode;
  }
  return undefined;
}

function assertNever(value: never): never {
  throw new Error(`unhandled error code ${String(value)}`);
}
