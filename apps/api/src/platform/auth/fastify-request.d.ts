import type { ApiKeyIdentity } from './api-key';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by ApiKeyGuard on routes that need a key. */
    apiKey?: ApiKeyIdentity;
  }
}
