import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { PROBLEM_CONTENT_TYPE } from '@profile/api-contract';
import { pathOf } from '@profile/service-core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { databaseFailureOf, sqlStateOf } from './database-errors';
import { loggableError } from './loggable-error';
import { problemParts, toProblem } from './problem-parts';

/**
 * The one place errors become HTTP answers: every error is an RFC 9457 problem. Anything not
 * raised on purpose is a 500 whose body holds only an error id, the same id the request's log line
 * of the failure carries (every 5xx gets one).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.getArgByIndex<FastifyRequest>(0);
    const reply = host.getArgByIndex<FastifyReply>(1);
    const path = pathOf(request.url);
    const parts = problemParts(exception, request.method, path);
    const problem = toProblem(parts, path, String(request.id));
    if (problem.status >= 500) {
      problem.errorId = randomUUID();
      request.log.error(
        { errorId: problem.errorId, error: loggableError(exception) },
        `answered ${problem.status} with error id ${problem.errorId}`,
      );
    } else if (databaseFailureOf(exception) === 'invalid-value') {
      // Validation should have refused the value; PostgreSQL's message quotes it, so only its
      // SQLSTATE is logged.
      request.log.warn({ error: { code: sqlStateOf(exception) } }, 'PostgreSQL refused a value');
    }
    if (reply.sent) return;
    if (parts.kind === 'unauthenticated') {
      reply.header('www-authenticate', 'Bearer realm="profile-api"');
    }
    // A 415 says which content coding a body may have (RFC 9110, section 12.5.3).
    if (parts.kind === 'unsupported-media-type') reply.header('accept-encoding', 'identity');
    if (parts.retryAfterSeconds !== undefined) reply.header('retry-after', parts.retryAfterSeconds);
    reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
