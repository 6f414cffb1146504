/** API key scopes from least to most (DESIGN §3): each includes the ones before it. */
export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}

export function scopeAllows(granted: Scope, required: Scope): boolean {
  return SCOPES.indexOf(granted) >= SCOPES.indexOf(required);
}

/** What an operator with a scope may do in the console, for the pages to offer. */
export function abilitiesOf(scope: Scope) {
  return {
    edit: scopeAllows(scope, 'write'),
    schedule: scopeAllows(scope, 'write'),
    administerCache: scopeAllows(scope, 'admin'),
  };
}
