import { Inject } from '@nestjs/common';
import { logLineFormat } from '@profile/profile-domain';
import { destination, type Logger, pino } from 'pino';
import { requestFields, responseFields } from './request-fields';

export interface LoggingOptions {
  service: string;
  level: string;
}

/** The process's root logger: the one Fastify logs with, and that Nest's Logger writes to. */
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');

/** Injects the root logger (a pino Logger); take a child with a `context` for a class's lines. */
export const InjectServiceLogger = (): ParameterDecorator => Inject(SERVICE_LOGGER);

/**
 * JSON lines on stdout in the platform's line format (logLineFormat: the level by name, an ISO time,
 * the service's name and the text under `message`, as the web writes too). A request is logged by its id, method, path and route pattern only, a response by its
 * status (see request-fields.ts): never a query string, headers or a body.
 *
 * Lines go out asynchronously: under load, lines written while a write is under way go out
 * together in the next one instead of a blocking write each, and pino flushes what is left when
 * the process exits.
 */
export function createServiceLogger({ service, level }: LoggingOptions): Logger {
  return pino(
    {
      ...logLineFormat(service),
      level,
      serializers: { req: requestFields, res: responseFields },
    },
    destination({ dest: 1, sync: false }),
  );
}
