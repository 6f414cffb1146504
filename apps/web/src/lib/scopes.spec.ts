import { abilitiesOf, isScope, scopeAllows } from './scopes';

describe('scopes', () => {
  it('orders read < write < admin', () => {
    expect(scopeAllows('admin', 'write')).toBe(true);
    expect(scopeAllows('write', 'write')).toBe(true);
    expect(scopeAllows('read', 'write')).toBe(false);
    expect(scopeAllows('write', 'admin')).toBe(false);
  });

  it('offers editing from write and the cache from admin', () => {
    expect(abilitiesOf('read')).toEqual({ edit: false, schedule: false, administerCache: false });
    expect(abilitiesOf('write')).toEqual({ edit: true, schedule: true, administerCache: false });
    expect(abilitiesOf('admin')).toEqual({ edit: true, schedule: true, administerCache: true });
  });

  it('recognises only the three scopes', () => {
    expect(['read', 'write', 'admin', 'root', 1, undefined].map(isScope)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
