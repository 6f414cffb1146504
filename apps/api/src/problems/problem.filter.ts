import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FieldError } from '@profile/profile-domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { BODY_LIMIT_BYTES } from '@profile/service-core';
import { ApiError, ApiErrorCode } from './api-error';
import {
  Problem,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPES,
  ProblemKind,
  problemTypeUri,
} from './problem-types';

interface ProblemParts {
  kind: ProblemKind;
  status?: number;
  detail: string;
  errors?: readonly FieldError[];
}

/**
 * The one place errors become HTTP answers: every error is an RFC 9457 problem. Anything not
 * raised on purpose is a 500 whose body holds only an error id, the same id the log line carries.
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
    if (parts.kind === 'internal-error') {
      problem.errorId = randomUUID();
      this.logger.error(
        { errorId: problem.errorId, err: exception },
        `unexpected error, answered with error id ${problem.errorId}`,
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
    case 'idempotency-key-reused':
      return code;
    case 'cache-unavailable':
      return 'service-unavailable';
    default:
      return assertNever(code);
  }
}

/**
 * Errors the HTTP layer raises before a handler runs: unmatched routes, the rate limiter, and
 * Fastify's body parsing (which Nest wraps as HttpException; a JSON syntax error only carries a
 * statusCode). Their messages are Fastify's, so each gets a detail of our own.
 */
function problemOfStatus(status: number, method: string, path: string): ProblemParts {
  switch (status) {
    case 400:
      return {
        kind: 'invalid-request',
        detail: 'The request body is not valid JSON.',
        errors: [{ path: '', message: 'must be valid JSON' }],
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

function assertNever(value: never): never {
  throw new Error(`unhandled error code ${String(value)}`);
}
