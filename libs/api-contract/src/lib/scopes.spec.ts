import { API_SCOPES, isApiScope, scopeAllows, whoAmISchema } from './scopes';

describe('scopes', () => {
  it('orders read < write < admin, each including the ones before it', () => {
    const allowed = API_SCOPES.flatMap((granted) =>
      API_SCOPES.filter((required) => scopeAllows(granted, required)).map(
        (required) => `${granted}>=${required}`,
      ),
    );
    expect(allowed).toEqual([
      'read>=read',
      'write>=read',
      'write>=write',
      'admin>=read',
      'admin>=write',
      'admin>=admin',
    ]);
  });

  it('recognises only the three scopes', () => {
    expect(['read', 'write', 'admin', 'root', 'Admin', 1, undefined].map(isApiScope)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it('reads whoami as a name and a known scope', () => {
    expect(whoAmISchema.parse({ name: 'dev', scope: 'admin' })).toEqual({
      name: 'dev',
      scope: 'admin',
    });
    expect(whoAmISchema.safeParse({ name: 'dev', scope: 'root' }).success).toBe(false);
    expect(whoAmISchema.safeParse({ name: 7, scope: 'read' }).success).toBe(false);
  });
});
