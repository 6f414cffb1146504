import { CanActivate, ExecutionContext, Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { type ApiScope, scopeAllows } from '@profile/api-contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../problems/api-error';
import type { FixedWindow } from '../rate-limit/fixed-window';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { ApiKeyRegistry } from './api-key-registry';
import { REQUIRED_SCOPE } from './required-scope.decorator';

/**
 * Every request to a route with a required scope: counted against the rate limit of the key it
 * presents (or, without a known key, of its client address, so guessing keys is limited too), then
 * admitted if the key has the scope: 401 without a known key, 403 without the scope, 429 past the
 * limit. Routes without a scope (health, metrics, docs) are public and not limited.
 *
 * Each route's scope is read from its metadata once, at start-up; a request costs one digest of
 * its key and one counter.
 */
@Injectable()
export class ApiAccessGuard implements CanActivate, OnModuleInit {
  private readonly scopes = new Map<unknown, ApiScope>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyRegistry,
    private readonly limiter: RateLimiter,
  ) {}

  onModuleInit(): void {
    for (const { instance, metatype } of this.discovery.getControllers()) {
      if (!instance || !metatype) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[method] as () => unknown;
        const scope = this.reflector.getAllAndOverride<ApiScope | undefined>(REQUIRED_SCOPE, [
          handler,
          metatype,
        ]);
        if (scope) this.scopes.set(handler, scope);
      }
    }
  }

  canActivate(context: ExecutionContext): boolean {
    const required = this.scopes.get(context.getHandler());
    if (!required) return true;
    const request = context.getArgByIndex<FastifyRequest>(0);
    const key = this.keys.identify(request.headers.authorization);
    this.count(key ? this.limiter.forKey(key.name) : this.limiter.forAddress(request.ip), context);
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

  /** Counts the request, saying where the budget stands in X-RateLimit-* headers; 429 when spent. */
  private count(budget: FixedWindow, context: ExecutionContext): void {
    const reply = context.getArgByIndex<FastifyReply>(1);
    const now = Date.now();
    const admitted = budget.take(now);
    const secondsLeft = budget.secondsLeft(now);
    reply
      .header('x-ratelimit-limit', budget.limitHeader)
      .header('x-ratelimit-remaining', budget.remaining)
      .header('x-ratelimit-reset', secondsLeft);
    if (!admitted) {
      reply.header('retry-after', secondsLeft);
      throw new ApiError('rate-limited', 'Too many requests; retry after the Retry-After seconds.');
    }
  }
}
