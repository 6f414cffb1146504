import crypto from 'node:crypto';
import type { ApiEnvironment } from '../config/api-environment';
import { ApiKeyRegistry } from './api-key-registry';

const KEYS = [
  { name: 'first', scope: 'read', secret: 'first-secret' },
  { name: 'second', scope: 'write', secret: 'second-secret' },
  { name: 'third', scope: 'admin', secret: 'third-secret' },
] as const;

const registry = () => new ApiKeyRegistry({ API_KEYS: [...KEYS] } as unknown as ApiEnvironment);

describe('ApiKeyRegistry', () => {
  it('identifies a bearer secret as its key, never exposing the secret', () => {
    expect(registry().identify('Bearer second-secret')).toEqual({ name: 'second', scope: 'write' });
    expect(registry().identify('bearer  third-secret ')).toEqual({ name: 'third', scope: 'admin' });
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['another scheme', 'Basic Zmlyc3Qtc2VjcmV0'],
    ['no token', 'Bearer '],
    ['two tokens', 'Bearer first-secret second-secret'],
    ['an unknown secret', 'Bearer not-a-key'],
    ['a prefix of a secret', 'Bearer first-secre'],
    ['a secret with more after it', 'Bearer first-secret-and-more'],
  ])('knows no key for a %s header', (_case, header) => {
    expect(registry().identify(header)).toBeUndefined();
  });

  // Constant time: whichever key matches (or none), the same comparisons run on inputs of the
  // same length, so the time taken does not tell how much of a guess was right or which key it hit.
  it.each([
    ['the first key', 'Bearer first-secret'],
    ['the last key', 'Bearer third-secret'],
    ['no key, of a short guess', 'Bearer x'],
    ['no key, of a long guess', `Bearer ${'y'.repeat(500)}`],
  ])('compares every key in full, in constant time, for %s', (_case, header) => {
    const keys = registry();
    const compare = jest.spyOn(crypto, 'timingSafeEqual');

    keys.identify(header);

    expect(compare).toHaveBeenCalledTimes(KEYS.length);
    for (const [stored, presented] of compare.mock.calls) {
      expect((stored as Buffer).length).toBe(32);
      expect((presented as Buffer).length).toBe(32);
    }
  });
});
