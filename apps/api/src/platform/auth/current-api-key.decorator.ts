import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { ApiKeyIdentity } from './api-key';

/** The calling key, as ApiAccessGuard identified it, on a route that requires a scope. */
export const CurrentApiKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ApiKeyIdentity => {
    const { apiKey } = context.getArgByIndex<FastifyRequest>(0);
    if (!apiKey) throw new Error('CurrentApiKey used on a route without RequiredScope');
    return apiKey;
  },
);
