import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import {
  type Problem,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPES,
  type ProblemKind,
  problemTypeUri,
} from '@profile/api-contract';
import type { FieldError } from '@profile/profile-domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { BODY_LIMIT_BYTES } from '@profile/service-core';
import { ApiError, ApiErrorCode } from './api-error';
import { loggableError } from './loggable-error';

interface ProblemParts {
  kind: ProblemKind;
  status?: number;
  detail: string;
  errors?: readonly FieldError[];
}

/**
 * The one place errors become HTTP answers: every error is an RFC 9457 problem. Anything not
 * raised on purpose is a 500 whose body holds only an error id, the same id the log line carries
 * (every 5xx gets one).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const path = request.url.split('?', 1)[0];
    const parts = problemParts(exception, request.method, path);
    const problem: Problem = {
      type: problemTypeUri(parts.kind),
      title: PROBLEM_TYPES[parts.kind].title,
      status: parts.status ?? PROBLEM_TYPES[parts.kind].status,
      detail: parts.detail,
      instance: path,
      requestId: String(request.id),
    };
    if (parts.errors) problem.errors = [...parts.errors];
    if (problem.status >= 500) {
      problem.errorId = randomUUID();
      this.logger.error(
        { errorId: problem.errorId, error: loggableError(exception) },
        `answered ${problem.status} with error id ${problem.errorId}`,
      );
    }
    if (reply.sent) return;
    if (parts.kind === 'unauthenticated')
      reply.header('www-authenticate', 'Bearer realm="profile-api"');
    reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}

function problemParts(exception: unknown, method: string, path: string): ProblemParts {
  if (exception instanceof ApiError) {
    const errors = exception.fieldErrors.length > 0 ? exception.fieldErrors : undefined;
    return { kind: kindOfCode(exception.code), detail: exception.detail, errors };
  }
  if (isDatabaseTimeout(exception)) {
    return {
      kind: 'service-unavailable',
      detail: 'PostgreSQL did not answer in time; retry later, quoting the errorId if it persists.',
    };
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
    case 'dead-letter-not-replayable':
    case 'idempotency-key-reused':
      return code;
    case 'cache-unavailable':
    case 'broker-unavailable':
      return 'service-unavailable';
    default:
      return assertNever(code);
  }
}

/**
 * Errors the HTTP layer raises before a handler runs: unmatched routes, the rate limiter, and
 * Fastify's request reading (which Nest wraps as HttpException). Their messages are Fastify's, so
 * each gets a detail of our own.
 */
function problemOfStatus(status: number, method: string, path: string): ProblemParts {
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
    case 413:
      return { kind: 'payload-too-large', detail: `The body exceeds ${BODY_LIMIT_BYTES} bytes.` };
    case 415:
      return { kind: 'unsupported-media-type', detail: 'Send the body as application/json.' };
    case 429:
      return {
        kind: 'rate-limited',
        detail: 'Too many requests; retry after the Retry-After seconds.',
      };
    default:
      return {
        kind: 'client-error',
        status,
        detail: `The request was refused with status ${status}.`,
      };
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

const STATEMENT_TIMEOUT = '57014';
const LOCK_NOT_AVAILABLE = '55P03';

/** A statement PostgreSQL cancelled after DB_STATEMENT_TIMEOUT_MS (or a lock it could not get). */
function isDatabaseTimeout(exception: unknown): boolean {
  if (!(exception instanceof QueryFailedError)) return false;
  const { code } = exception.driverError as { code?: string };
  return code === STATEMENT_TIMEOUT || code === LOCK_NOT_AVAILABLE;
}

function assertNever(value: never): never {
  throw new Error(`unhandled error code ${String(value)}`);
}
