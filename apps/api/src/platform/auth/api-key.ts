import { API_SCOPES, isApiScope, type WhoAmI } from '@profile/api-contract';

/** Who is calling, as the handlers and the logs may see it (never the secret). */
export type ApiKeyIdentity = WhoAmI;

export interface ApiKey extends ApiKeyIdentity {
  secret: string;
}

const KEY_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const MIN_SECRET_LENGTH = 8;

/**
 * Parses API_KEYS: comma-separated `name:scope:secret`, split on the first two colons so a secret
 * may contain colons. Throws with a message that never repeats a secret.
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
  const scope = entry.slice(first + 1, second);
  const secret = entry.slice(second + 1);
  if (!KEY_NAME.test(name)) {
    throw new Error(`entry ${position}: the name must be 1-64 letters, digits, ".", "_" or "-"`);
  }
  if (!isApiScope(scope)) {
    throw new Error(`key "${name}": the scope must be one of ${API_SCOPES.join(', ')}`);
  }
  if (secret.length < MIN_SECRET_LENGTH || /\s/.test(secret)) {
    throw new Error(
      `key "${name}": the secret must be at least ${MIN_SECRET_LENGTH} characters without spaces`,
    );
  }
  return { name, scope, secret };
}
