import { Logger as NestLogger, Module } from '@nestjs/common';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { EnvironmentError } from '@profile/profile-domain';
import { type FastifyError, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { answerClientErrors, EarlyProblem, genericEarlyProblem } from './http/client-errors';
import { LoggingModule } from './logging/logging.module';
import { PinoNestLogger } from './logging/nest-logger';
import { RequestLogger } from './logging/request-logger';
import { logCompletedRequests } from './logging/request-logging';
import { createServiceLogger } from './logging/service-logger';
import { HttpMetrics } from './metrics.module';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id';
import { enableGracefulShutdown } from './shutdown';

/** The environment every service reads to start its HTTP server and to stop it. */
export interface ServiceEnvironment {
  PORT: number;
  LOG_LEVEL: string;
  HTTP_REQUEST_TIMEOUT_MS: number;
  SHUTDOWN_DRAIN_MS: number;
  SHUTDOWN_TIMEOUT_MS: number;
}

export interface ServiceOptions {
  /** The `service` field of every log line. */
  service: string;
  environment: ServiceEnvironment;
  /** The problem body of an answer given before any route runs; a generic problem by default. */
  earlyProblem?: EarlyProblem;
}

export const BODY_LIMIT_BYTES = 64 * 1024;
const CONNECTION_CHECK_INTERVAL_MS = 1_000;

/** Validates the environment, or prints what is wrong with it and exits. */
export function loadEnvironmentOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof EnvironmentError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** The root of a service's modules: its own, and the logging every module may inject. */
@Module({})
class ServiceModule {}

/**
 * Creates a Nest app on Fastify with request ids, JSON logs (Fastify's own pino logger, one line
 * per request), HTTP metrics and graceful shutdown.
 */
export async function createService(
  module: Type | DynamicModule,
  { service, environment, earlyProblem = genericEarlyProblem }: ServiceOptions,
): Promise<NestFastifyApplication> {
  const logger = createServiceLogger({ service, level: environment.LOG_LEVEL });
  const timeoutMs = environment.HTTP_REQUEST_TIMEOUT_MS;
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // The one line per request is written by logCompletedRequests, and request.log binds the
    // request's fields only when a request writes a line of its own.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: RequestLogger.factory,
    // Nest middleware is not used: without middie, no request passes through an Express-style layer.
    skipMiddie: true,
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: timeoutMs,
    // Node enforces the request timeout only once the headers timeout (60 s by default) has passed
    // too, and checks both every 30 s; without these, a slow client could hold a request far longer.
    http: {
      headersTimeout: timeoutMs,
      connectionsCheckingInterval: Math.min(CONNECTION_CHECK_INTERVAL_MS, timeoutMs),
    },
    genReqId: requestIdFor,
    requestIdHeader: false,
    clientErrorHandler: answerClientErrors(logger, earlyProblem),
    // Requests that still arrive while the server closes are answered as usual (with
    // `Connection: close`), not with Fastify's own 503.
    return503OnClosing: false,
    // Fastify answers a path it cannot decode on its own, before any hook runs; handing the error to
    // the app's error handler gives it the same shape and request id as every other error.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      reply.header(REQUEST_ID_HEADER, request.id);
      return fastify.errorHandler(error, request, reply);
    },
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  logCompletedRequests(fastify, logger);

  const app = await NestFactory.create<NestFastifyApplication>(
    { module: ServiceModule, imports: [LoggingModule.forLogger(logger), module] },
    adapter,
    { bufferLogs: true },
  );
  app.useLogger(new PinoNestLogger(logger));
  app.get(HttpMetrics).attach(fastify);
  enableGracefulShutdown(app, {
    drainDelayMs: environment.SHUTDOWN_DRAIN_MS,
    timeoutMs: environment.SHUTDOWN_TIMEOUT_MS,
  });
  return app;
}

export async function listen(app: NestFastifyApplication, port: number): Promise<void> {
  await app.listen({ port, host: '0.0.0.0' });
  new NestLogger('Bootstrap').log(`listening on port ${port}`);
}

/** Runs a service's start-up, exiting with status 1 (after logging why) if it fails. */
export function runOrExit(start: () => Promise<void>): void {
  start().catch((error: unknown) => {
    new NestLogger('Bootstrap').error(
      error instanceof Error ? (error.stack ?? error.message) : String(error),
    );
    process.exit(1);
  });
}
