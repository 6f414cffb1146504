import { DynamicModule, Module } from '@nestjs/common';
import { logLineFormat } from '@profile/profile-domain';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { destination } from 'pino';

export interface LoggingOptions {
  service: string;
  level: string;
}

/**
 * JSON logs with the request id on every line; never query strings, bodies or credentials.
 * The id is the one Fastify assigned (see createService), which pino-http picks up from the request.
 * Lines go to stdout asynchronously: under load, lines written while a write is under way go out
 * together in the next one instead of a blocking write each, and pino flushes what is left when
 * the process exits.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: [
            {
              ...logLineFormat(options.service),
              level: options.level,
              customLogLevel: (_request, response, error) =>
                error || response.statusCode >= 500 ? 'error' : 'info',
              // Inside the middleware Fastify's middie has stripped the mount prefix from `url`; `originalUrl` keeps it.
              autoLogging: { ignore: (request) => isProbe(originalUrl(request)) },
              serializers: {
                req: (request: IncomingMessage) => ({
                  id: request.id,
                  method: request.method,
                  path: pathOnly(request.url),
                }),
                res: (response: ServerResponse) => ({ statusCode: response.statusCode }),
              },
            },
            destination({ dest: 1, sync: false }),
          ],
        }),
      ],
    };
  }
}

function originalUrl(request: IncomingMessage): string | undefined {
  return (request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url;
}

function pathOnly(url: string | undefined): string {
  return (url ?? '').split('?', 1)[0];
}

function isProbe(url: string | undefined): boolean {
  const path = pathOnly(url);
  return path.startsWith('/health/') || path === '/metrics';
}
