import { Inject, Injectable } from '@nestjs/common';
import { hash, timingSafeEqual } from 'node:crypto';
import { API_ENVIRONMENT, ApiEnvironment } from '../config/api-environment';
import type { ApiKeyIdentity } from './api-key';

interface StoredKey {
  identity: ApiKeyIdentity;
  digest: Buffer;
}

const BEARER = /^Bearer +(\S+) *$/i;

function digest(secret: string): Buffer {
  return hash('sha256', secret, 'buffer');
}

/** The configured API keys, looked up by secret in constant time. */
@Injectable()
export class ApiKeyRegistry {
  private readonly keys: readonly StoredKey[];

  constructor(@Inject(API_ENVIRONMENT) environment: ApiEnvironment) {
    this.keys = environment.API_KEYS.map(({ name, scope, secret }) => ({
      identity: { name, scope },
      digest: digest(secret),
    }));
  }

  /** The key an `Authorization` header presents, or undefined when it is missing, malformed or unknown. */
  identify(authorization: string | undefined): ApiKeyIdentity | undefined {
    const token = authorization?.match(BEARER)?.[1];
    if (token === undefined) return undefined;
    // Equal-length digests keep timingSafeEqual's time independent of the secret; no early exit
    // keeps it independent of which key matched.
    const presented = digest(token);
    let found: ApiKeyIdentity | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(key.digest, presented)) found = key.identity;
    }
    return found;
  }
}
