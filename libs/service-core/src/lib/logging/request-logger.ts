import type { FastifyBaseLogger } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Bindings, ChildLoggerOptions, LogFn, Logger } from 'pino';

type LogArguments = Parameters<LogFn>;

/**
 * `request.log`: the lines a request writes carry its id, method and path under `req`. Most
 * requests write none (their one completion line is written by the onResponse hook), so the pino
 * child that binds those fields is made on the first line, not for every request.
 */
export class RequestLogger implements FastifyBaseLogger {
  private bound: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly id: string,
    private readonly raw: IncomingMessage,
  ) {}

  /** Fastify's childLoggerFactory: called once per request, with the id Fastify assigned. */
  static factory(
    this: void,
    parent: FastifyBaseLogger,
    bindings: Bindings,
    _options: ChildLoggerOptions,
    raw: IncomingMessage,
  ): FastifyBaseLogger {
    return new RequestLogger(parent as Logger, String(bindings['reqId']), raw);
  }

  get level(): string {
    return this.bound?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.logger.level = level;
  }

  fatal(...args: unknown[]): void {
    this.logger.fatal(...(args as LogArguments));
  }

  error(...args: unknown[]): void {
    this.logger.error(...(args as LogArguments));
  }

  warn(...args: unknown[]): void {
    this.logger.warn(...(args as LogArguments));
  }

  info(...args: unknown[]): void {
    this.logger.info(...(args as LogArguments));
  }

  debug(...args: unknown[]): void {
    this.logger.debug(...(args as LogArguments));
  }

  trace(...args: unknown[]): void {
    this.logger.trace(...(args as LogArguments));
  }

  silent(): void {
    // Logs nothing, as pino's `silent` does.
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger.child(bindings, options);
  }

  private get logger(): Logger {
    this.bound ??= this.parent.child({
      req: { id: this.id, method: this.raw.method, url: this.raw.url },
    });
    return this.bound;
  }
}
