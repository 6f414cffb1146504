import {
  profileCreateSchema,
  profilePatchSchema,
  profileSchema,
  validate,
  validateProfileCreate,
} from '@profile/profile-domain';
import { apiComponentSchemas } from './components';
import { aProfile as profile } from '../../test/fixtures';
import { cacheOutcomeOf, profileListQuerySchema, profilePageSchema } from './profiles';

describe('the profile contract', () => {
  it('is the domain’s profile schemas, not copies of them', () => {
    expect(apiComponentSchemas.Profile).toBe(profileSchema);
    expect(apiComponentSchemas.ProfileCreate).toBe(profileCreateSchema);
    expect(apiComponentSchemas.ProfilePatch).toBe(profilePatchSchema);
  });

  it('refuses the bodies the api refuses, with the api’s field errors', () => {
    const create = { username: 'ada', email: 'ada@example.com', displayName: 'Ada' };
    const refused: Array<[Record<string, unknown>, string]> = [
      [{ ...create, username: 'Ada' }, 'username'],
      [{ ...create, email: 'ada@exämple.com' }, 'email'],
      [{ ...create, displayName: '   ' }, 'displayName'],
      [{ ...create, displayName: 'Ada\u0007' }, 'displayName'],
      [{ ...create, avatarUrl: 'http://example.com/ada.png' }, 'avatarUrl'],
      [{ ...create, id: profile.id }, 'id'],
      [{ ...create, nickname: 'ada' }, 'nickname'],
    ];
    for (const [body, field] of refused) {
      const viaContract = validate(apiComponentSchemas.ProfileCreate, body);
      expect([field, viaContract.ok]).toEqual([field, false]);
      expect(viaContract.ok ? [] : viaContract.errors.map(({ path }) => path)).toEqual([field]);
      // The api validates a create with the domain's validator: the same verdict and field.
      const viaApi = validateProfileCreate(body);
      expect(viaApi.ok ? [] : viaApi.errors.map(({ path }) => path)).toEqual([field]);
    }
  });

  it('reads a page of profiles, and refuses one whose profile breaks the contract', () => {
    expect(profilePageSchema.parse({ items: [profile], nextCursor: null })).toEqual({
      items: [profile],
      nextCursor: null,
    });
    const broken = profilePageSchema.safeParse({
      items: [{ ...profile, version: '1' }],
      nextCursor: 'abc',
    });
    expect(broken.error?.issues.map(({ path }) => path.join('.'))).toEqual(['items.0.version']);
  });

  describe('list query', () => {
    const errorsOf = (query: Record<string, unknown>) => {
      const result = validate(profileListQuerySchema, query);
      return result.ok ? [] : result.errors;
    };

    it('decodes limit from digits, 20 when not given', () => {
      expect(profileListQuerySchema.parse({})).toEqual({ limit: 20 });
      expect(profileListQuerySchema.parse({ limit: '100', q: 'ada', cursor: 'c' })).toEqual({
        limit: 100,
        q: 'ada',
        cursor: 'c',
      });
    });

    it.each(['0', '101', '1e1', ' 5', '+5', '5.0', ''])('refuses limit %p', (limit) => {
      expect(errorsOf({ limit })).toEqual([
        { path: 'limit', message: 'must be an integer from 1 to 100' },
      ]);
    });

    it('refuses a parameter given twice', () => {
      expect(errorsOf({ limit: ['1', '2'], q: ['a', 'b'] })).toEqual([
        { path: 'limit', message: 'must be given once' },
        { path: 'q', message: 'must be given once' },
      ]);
    });

    it('counts q in code points and refuses control characters', () => {
      expect(errorsOf({ q: '😀'.repeat(100) })).toEqual([]);
      const rule = 'must be at most 100 characters without control characters';
      expect(errorsOf({ q: 'a'.repeat(101) })).toEqual([{ path: 'q', message: rule }]);
      expect(errorsOf({ q: 'a\u0000b' })).toEqual([{ path: 'q', message: rule }]);
    });
  });

  it('reads X-Cache as one of the three outcomes', () => {
    const outcomeOf = (value?: string) =>
      cacheOutcomeOf(new Headers(value === undefined ? {} : { 'x-cache': value }));
    expect(['HIT', 'MISS', 'BYPASS', 'hit', 'STALE', undefined].map(outcomeOf)).toEqual([
      'HIT',
      'MISS',
      'BYPASS',
      undefined,
      undefined,
      undefined,
    ]);
  });
});
