import { Logger as NestLogger } from '@nestjs/common';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { EnvironmentError } from '@profile/profile-domain';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { HttpMetrics } from './metrics.module';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id';
import { enableGracefulShutdown } from './shutdown';

/** The environment every service reads to start its HTTP server and to stop it. */
export interface ServiceEnvironment {
  PORT: number;
  HTTP_REQUEST_TIMEOUT_MS: number;
  SHUTDOWN_DRAIN_MS: number;
  SHUTDOWN_TIMEOUT_MS: number;
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

/** Creates a Nest app on Fastify with request ids, JSON logs, HTTP metrics and graceful shutdown. */
export async function createService(
  module: Type | DynamicModule,
  environment: ServiceEnvironment,
): Promise<NestFastifyApplication> {
  const timeoutMs = environment.HTTP_REQUEST_TIMEOUT_MS;
  const adapter = new FastifyAdapter({
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
    // Fastify answers a path it cannot decode on its own, before any hook runs; handing the error to
    // the app's error handler gives it the same shape and request id as every other error.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      reply.header(REQUEST_ID_HEADER, request.id);
      return fastify.errorHandler(error, request, reply);
    },
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    // pino-http logs under the raw request's id, so both layers share one id.
    Object.assign(request.raw, { id: request.id });
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });

  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
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
