import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyRequest } from 'fastify';
import { ApiError } from '../problems/api-error';
import { nestingExceeds } from './json-nesting';

/** The deepest nesting of arrays and objects a body may have. */
export const MAX_JSON_DEPTH = 32;

/**
 * Replaces Fastify's body parsers (and the urlencoded one Nest adds) with JSON alone, so any other
 * media type is refused with 415. A body in a content coding (gzip, …) is refused with 415 as well:
 * it is never read as if it were plain. Call after init, which registers Nest's parsers.
 */
export function acceptOnlyJsonBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  // Read as bytes: a body in a content coding is not text, and read as text its length would not
  // match its Content-Length.
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    (request: FastifyRequest, body: string | Buffer, done) => {
      const text = jsonTextOf(request, body);
      if (text instanceof ApiError) return done(text, undefined);
      parseJson(request, text, (error: Error | null, value?: unknown) =>
        error ? done(unreadableBody(error, text), undefined) : done(null, value),
      );
    },
  );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body as JSON text, or why it is refused before parsing: a content coding (415), bytes that
 * are not UTF-8 (JSON must be, RFC 8259) or nesting past MAX_JSON_DEPTH (400).
 */
function jsonTextOf(request: FastifyRequest, body: string | Buffer): string | ApiError {
  const coding = request.headers['content-encoding'];
  if (coding !== undefined && coding.trim().toLowerCase() !== 'identity') {
    return new ApiError(
      'unsupported-media-type',
      'Send the body without a Content-Encoding: content codings are not accepted.',
    );
  }
  let text: string;
  try {
    text = typeof body === 'string' ? body : utf8.decode(body);
  } catch {
    return ApiError.invalid([{ path: '', message: 'must be valid UTF-8' }]);
  }
  if (nestingExceeds(text, MAX_JSON_DEPTH)) {
    return ApiError.invalid([
      { path: '', message: `must not nest arrays and objects more than ${MAX_JSON_DEPTH} deep` },
    ]);
  }
  return text;
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
