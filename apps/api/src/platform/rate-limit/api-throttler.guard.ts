import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { ApiKeyRegistry } from '../auth/api-key-registry';
import { requiredScope } from '../auth/api-key.guard';

/**
 * Limits each API key (each client address for requests without a known key) on the routes that
 * need a key; health, metrics and docs are not limited. Runs before authentication, so guessing
 * keys is limited too.
 */
@Injectable()
export class ApiThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly keys: ApiKeyRegistry,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return requiredScope(this.reflector, context) === undefined;
  }

  protected override async getTracker(request: FastifyRequest): Promise<string> {
    const key = this.keys.identifyRequest(request);
    return key ? `key:${key.name}` : `address:${request.ip}`;
  }

  /** One budget per key or address across all routes (the default key makes one per route). */
  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    throttlerName: string,
  ): string {
    return `${throttlerName}:${tracker}`;
  }
}
