import { parseApiKeys } from './api-key';

describe('parseApiKeys', () => {
  it('splits each entry on its first two colons, so a secret may contain colons', () => {
    expect(parseApiKeys(' ops:admin:s3cret:with:colons , ci:read:another-secret ,')).toEqual([
      { name: 'ops', scope: 'admin', secret: 's3cret:with:colons' },
      { name: 'ci', scope: 'read', secret: 'another-secret' },
    ]);
  });

  it("reads a key's own rate limit after its scope", () => {
    expect(parseApiKeys('worker:read/60000:worker-secret,dev:admin:dev-secret')).toEqual([
      { name: 'worker', scope: 'read', secret: 'worker-secret', rateLimit: 60000 },
      { name: 'dev', scope: 'admin', secret: 'dev-secret' },
    ]);
  });

  it('accepts an empty list', () => {
    expect(parseApiKeys('')).toEqual([]);
  });

  it.each([
    ['a missing part', 'ops:admin', /entry 1 is not name:scope:secret/, 'admin'],
    ['an unknown scope', 'ops:root:hidden-secret', /key "ops": the scope must be one of/, 'hidden'],
    ['a zero rate limit', 'ops:read/0:hidden-secret', /key "ops": the rate limit/, 'hidden'],
    ['a rate limit that is no number', 'ops:read/many:hidden-secret', /the rate limit/, 'hidden'],
    ['two rate limits', 'ops:read/5/6:hidden-secret', /key "ops": the rate limit/, 'hidden'],
    ['an empty rate limit', 'ops:read/:hidden-secret', /key "ops": the rate limit/, 'hidden'],
    ['a bad name', 'o p:read:hidden-secret', /entry 1: the name must be/, 'hidden'],
    ['a short secret', 'ops:read:hidden', /key "ops": the secret must be at least 8/, 'hidden'],
    [
      'a repeated name',
      'a:read:hidden-one,a:write:hidden-two',
      /key "a" is listed twice/,
      'hidden',
    ],
    ['a reused secret', 'a:read:hidden-one,b:write:hidden-one', /key "b" reuses/, 'hidden'],
  ])('refuses %s without repeating any secret', (_case, value, message, secret) => {
    expect(() => parseApiKeys(value)).toThrow(message);
    expect(() => parseApiKeys(value)).not.toThrow(secret);
  });
});
