import { Injectable, Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Whether the process is draining: readiness reports it so traffic stops before connections close. */
@Injectable()
export class ShutdownState {
  private draining = false;

  get isShuttingDown(): boolean {
    return this.draining;
  }

  begin(): void {
    this.draining = true;
  }
}

export interface GracefulShutdownOptions {
  /** How long readiness reports failure before the server stops accepting requests. */
  drainDelayMs: number;
  /** The longest the whole shutdown may take before the process exits anyway. */
  timeoutMs: number;
}

/**
 * On SIGTERM or SIGINT: fail readiness, wait for load balancers to notice, stop the HTTP server
 * (letting in-flight requests finish), then run Nest's shutdown hooks, which close connections.
 * Nest's own shutdown hooks would close connections before the server, under running requests.
 * While draining, every response says `Connection: close`, so that keep-alive clients reconnect
 * (to another replica) instead of sending their next request on a connection about to close.
 */
export function enableGracefulShutdown(
  app: NestFastifyApplication,
  options: GracefulShutdownOptions,
): void {
  const logger = new Logger('Shutdown');
  const state = app.get(ShutdownState);
  let started = false;

  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (_request, reply, payload, done) => {
      if (state.isShuttingDown) reply.header('connection', 'close');
      done(null, payload);
    });

  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (started) return;
    started = true;
    logger.log(`${signal} received: draining`);
    const deadline = setTimeout(() => {
      logger.error(`shutdown took longer than ${options.timeoutMs} ms: exiting`);
      process.exit(1);
    }, options.timeoutMs);
    deadline.unref();

    state.begin();
    await sleep(options.drainDelayMs);
    await app.getHttpAdapter().close();
    await app.close();
    logger.log('stopped');
    clearTimeout(deadline);
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, (received) => {
      shutdown(received).catch((error: unknown) => {
        logger.error(`shutdown failed: ${String(error)}`);
        process.exit(1);
      });
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
