import type { ApiKeyIdentity } from './api-key';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by ApiAccessGuard on routes that need a key. */
    apiKey?: ApiKeyIdentity;
  }
}
