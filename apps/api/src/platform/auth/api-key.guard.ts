import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type ApiScope, scopeAllows } from '@profile/api-contract';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../problems/api-error';
import { ApiKeyRegistry } from './api-key-registry';
import { REQUIRED_SCOPE } from './required-scope.decorator';

/** Admits a request whose bearer key has the route's scope; 401 without a known key, 403 without the scope. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly registry: ApiKeyRegistry,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const required = requiredScope(this.reflector, context);
    if (!required) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = this.registry.identifyRequest(request);
    if (!key) {
      throw new ApiError(
        'unauthenticated',
        'A valid API key is required: Authorization: Bearer <key>.',
      );
    }
    if (!scopeAllows(key.scope, required)) {
      throw new ApiError(
        'forbidden',
        `This operation needs the ${required} scope; the key has ${key.scope}.`,
      );
    }
    request.apiKey = key;
    return true;
  }
}

export function requiredScope(
  reflector: Reflector,
  context: ExecutionContext,
): ApiScope | undefined {
  return reflector.getAllAndOverride<ApiScope | undefined>(REQUIRED_SCOPE, [
    context.getHandler(),
    context.getClass(),
  ]);
}
