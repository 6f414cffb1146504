import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Replaces Fastify's body parsers (and the urlencoded one Nest adds) with JSON alone, so any other
 * media type is refused with 415. Call after init, which registers Nest's parsers.
 */
export function acceptOnlyJsonBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    fastify.getDefaultJsonParser('error', 'error'),
  );
}
