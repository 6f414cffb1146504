import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { REQUEST_ID_HEADER } from '../request-id';

/** An answer the server gives before any route runs: the request could not be read in full. */
export interface EarlyAnswer {
  status: number;
  requestId: string;
}

/** Renders an early answer as an `application/problem+json` body in the service's vocabulary. */
export type EarlyProblem = (answer: EarlyAnswer) => string;

const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A generic RFC 9457 problem, for services without a problem vocabulary of their own. */
export const genericEarlyProblem: EarlyProblem = ({ status, requestId }) =>
  JSON.stringify({ type: 'about:blank', title: STATUS_CODES[status], status, requestId });

/**
 * Fastify's clientErrorHandler: Node's HTTP server refused a request (it did not arrive within
 * the request timeout, its headers were too large, its framing could not be parsed). Answers it
 * as a problem, with a request id, logs one line, and closes the connection, as Node would.
 */
export function answerClientErrors(logger: Logger, problem: EarlyProblem) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const status = statusOf(error.code);
    const requestId = randomUUID();
    logger.info(
      { req: { id: requestId }, res: { statusCode: status }, code: error.code },
      'request refused',
    );
    if (socket.writable) {
      const body = problem({ status, requestId });
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
          `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n` +
          `${REQUEST_ID_HEADER}: ${requestId}\r\n` +
          `Connection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
  };
}

function statusOf(code: string | undefined): number {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    case 'HPE_HEADER_OVERFLOW':
      return 431;
    default:
      return 400;
  }
}
