import { z } from 'zod';

/** API key scopes from least to most: each includes the ones before it. */
export const API_SCOPES = ['read', 'write', 'admin'] as const;
export const apiScopeSchema = z.enum(API_SCOPES);
export type ApiScope = z.output<typeof apiScopeSchema>;

export function isApiScope(value: unknown): value is ApiScope {
  return apiScopeSchema.safeParse(value).success;
}

/** Whether a key with the `granted` scope may do what needs `required`. */
export function scopeAllows(granted: ApiScope, required: ApiScope): boolean {
  return API_SCOPES.indexOf(granted) >= API_SCOPES.indexOf(required);
}

/** `GET /api/v1/auth/whoami`: the calling key's name and scope (never its secret). */
export const whoAmISchema = z.object({ name: z.string(), scope: apiScopeSchema });
export type WhoAmI = z.output<typeof whoAmISchema>;
