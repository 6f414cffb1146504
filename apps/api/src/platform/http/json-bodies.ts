import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError } from 'fastify';
import { ApiError } from '../problems/api-error';

/**
 * Replaces Fastify's body parsers (and the urlencoded one Nest adds) with JSON alone, so any other
 * media type is refused with 415. Call after init, which registers Nest's parsers.
 */
export function acceptOnlyJsonBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    parseJson(request, String(body), (error: Error | null, value?: unknown) =>
      error ? done(unreadableBody(error, String(body)), undefined) : done(null, value),
    ),
  );
}

/** A 400 saying why Fastify's JSON parser refused the body (its own messages name no field). */
function unreadableBody(error: Error, body: string): ApiError {
  if ((error as Partial<FastifyError>).code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return ApiError.invalid([
      { path: '', message: 'must not be empty when Content-Type is application/json' },
    ]);
  }
  return ApiError.invalid([{ path: '', message: whyNotJson(body) }]);
}

/** The parser also refuses valid JSON with keys that could poison prototypes; say which it was. */
function whyNotJson(body: string): string {
  try {
    JSON.parse(body);
    return 'must not contain a "__proto__" or "constructor.prototype" key';
  } catch {
    return 'must be valid JSON';
  }
}
