import { API_SCOPES, isApiScope, type WhoAmI } from '@profile/api-contract';

/** Who is calling, as the handlers and the logs may see it (never the secret). */
export type ApiKeyIdentity = WhoAmI;

export interface ApiKey extends ApiKeyIdentity {
  secret: string;
  /** Requests per rate-limit window for this key; RATE_LIMIT_LIMIT applies when unset. */
  rateLimit?: number;
}

const KEY_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const RATE_LIMIT = /^[1-9][0-9]{0,8}$/;
const MIN_SECRET_LENGTH = 8;

/**
 * Parses API_KEYS: comma-separated `name:scope:secret`, split on the first two colons so a secret
 * may contain colons. The scope may carry the key's own rate limit, `name:scope/limit:secret`
 * (a service that must not be throttled like a client, such as the worker). Throws with a message
 * that never repeats a secret.
 */
export function parseApiKeys(value: string): ApiKey[] {
  const keys = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry, index) => parseEntry(entry, index + 1));
  const names = new Set<string>();
  const secrets = new Set<string>();
  for (const key of keys) {
    if (names.has(key.name)) throw new Error(`key "${key.name}" is listed twice`);
    if (secrets.has(key.secret)) throw new Error(`key "${key.name}" reuses another key's secret`);
    names.add(key.name);
    secrets.add(key.secret);
  }
  return keys;
}

function parseEntry(entry: string, position: number): ApiKey {
  const first = entry.indexOf(':');
  const second = first < 0 ? -1 : entry.indexOf(':', first + 1);
  if (second < 0) throw new Error(`entry ${position} is not name:scope:secret`);
  const name = entry.slice(0, first);
  const [scope, rateLimit, ...more] = entry.slice(first + 1, second).split('/');
  const secret = entry.slice(second + 1);
  if (!KEY_NAME.test(name)) {
    throw new Error(`entry ${position}: the name must be 1-64 letters, digits, ".", "_" or "-"`);
  }
  if (!isApiScope(scope)) {
    throw new Error(`key "${name}": the scope must be one of ${API_SCOPES.join(', ')}`);
  }
  if ((rateLimit !== undefined && !RATE_LIMIT.test(rateLimit)) || more.length > 0) {
    throw new Error(
      `key "${name}": the rate limit after the scope must be 1 to 999999999 requests`,
    );
  }
  if (secret.length < MIN_SECRET_LENGTH || /\s/.test(secret)) {
    throw new Error(
      `key "${name}": the secret must be at least ${MIN_SECRET_LENGTH} characters without spaces`,
    );
  }
  return rateLimit === undefined
    ? { name, scope, secret }
    : { name, scope, secret, rateLimit: Number(rateLimit) };
}
