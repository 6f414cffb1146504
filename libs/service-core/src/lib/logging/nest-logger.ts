import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

const STACK_TRACE = /\n\s*at /;

/**
 * Nest's Logger (what `new Logger(context)` writes to) on the root pino logger: one JSON line per
 * call, its context under `context`. As with pino, an object first is merged into the line and a
 * string after it is the message. Nest calls `Logger.prototype.error` with the context last and,
 * for its own exceptions handler, a stack trace before it.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const context = params.length > 0 ? params[params.length - 1] : undefined;
    const [text, ...rest] = params.slice(0, -1).filter((param) => param !== undefined);
    const fields: Record<string, unknown> = typeof context === 'string' ? { context } : {};
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...message }, text === undefined ? '' : String(text));
    } else if (typeof text === 'string' && STACK_TRACE.test(text) && rest.length === 0) {
      this.logger[level](
        { ...fields, err: { message: String(message), stack: text } },
        String(message),
      );
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
