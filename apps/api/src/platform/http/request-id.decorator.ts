import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** The request's id (X-Request-Id): the correlation id of every message the request causes. */
export const RequestId = createParamDecorator((_data: unknown, context: ExecutionContext): string =>
  String(context.getArgByIndex<FastifyRequest>(0).id),
);
