import type { Profile } from '@profile/profile-domain';
import { Answer, ApiUnderTest, newProfile } from './support/api-under-test';

const PROBLEM = /^application\/problem\+json/;

describe('profiles API (process against PostgreSQL and Redis)', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await ApiUnderTest.start('profiles');
  });

  afterAll(async () => {
    await api?.stop();
  });

  async function create(overrides: Record<string, unknown> = {}): Promise<Profile> {
    const answer = await api.call('POST', '/api/v1/profiles', {
      as: 'write',
      body: newProfile(overrides),
    });
    expect(answer.status).toBe(201);
    return answer.json<Profile>();
  }

  const etagOf = (profile: Pick<Profile, 'id' | 'version'>) => `"${profile.id}.${profile.version}"`;

  describe('POST /api/v1/profiles', () => {
    it('creates a profile: 201 with Location, ETag and every field, unset ones null', async () => {
      const body = newProfile({ displayName: '  Ada Lovelace \n' });
      const answer = await api.call('POST', '/api/v1/profiles', { as: 'write', body });

      expect(answer.status).toBe(201);
      const profile = answer.json<Profile>();
      expect(profile).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        username: body['username'],
        email: body['email'],
        displayName: 'Ada Lovelace',
        bio: null,
        avatarUrl: null,
        location: null,
        version: 1,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        updatedAt: profile.createdAt,
      });
      expect(Object.keys(profile)).toEqual([
        'id',
        'username',
        'email',
        'displayName',
        'bio',
        'avatarUrl',
        'location',
        'version',
        'createdAt',
        'updatedAt',
      ]);
      expect(answer.headers.get('location')).toBe(`/api/v1/profiles/${profile.id}`);
      expect(answer.headers.get('etag')).toBe(etagOf(profile));
    });

    it('stores text byte-identical: combining marks, emoji, tabs and newlines in the bio', async () => {
      const text = {
        displayName: 'Zoë 👩🏽‍💻 e\u0301',
        bio: 'line one\n\tindented ✓ \u{1F600}',
        location: 'Łódź',
        avatarUrl: 'https://example.com/a.png?size=64',
      };
      const created = await create(text);
      const read = await api.call('GET', `/api/v1/profiles/${created.id}`);
      expect(read.json()).toMatchObject(text);
    });

    it('answers 400 as problem+json naming every bad field', async () => {
      const answer = await api.call('POST', '/api/v1/profiles', {
        body: {
          username: 'Ada',
          email: 'not-an-email',
          displayName: ' ',
          avatarUrl: 'http://x.io/a',
        },
      });

      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(PROBLEM);
      expect(answer.body).toEqual({
        type: 'urn:profile-api:problem:invalid-request',
        title: expect.any(String),
        status: 400,
        detail: expect.stringContaining('username'),
        instance: '/api/v1/profiles',
        requestId: answer.headers.get('x-request-id'),
        errors: [
          { path: 'username', message: expect.any(String) },
          { path: 'email', message: expect.any(String) },
          { path: 'displayName', message: 'must not be empty' },
          { path: 'avatarUrl', message: 'must be an absolute https: URL' },
        ],
      });
    });

    it.each([
      ['a server-set field', { id: '00000000-0000-4000-8000-000000000000' }, 'id'],
      ['version', { version: 3 }, 'version'],
      ['an unknown field', { nickname: 'x' }, 'nickname'],
      ['NUL', { bio: 'a\u0000b' }, 'bio'],
      ['a lone surrogate', { location: 'a\ud800b' }, 'location'],
      ['a C1 control', { location: 'a\u0085b' }, 'location'],
      ['DEL', { displayName: 'a\u007fb' }, 'displayName'],
      ['a bio over 1000 code points', { bio: 'x'.repeat(1001) }, 'bio'],
      ['a displayName of 101 emoji', { displayName: '😀'.repeat(101) }, 'displayName'],
      ['an e-mail with non-ASCII', { email: 'zoë@example.com' }, 'email'],
      ['null for a required field', { username: null }, 'username'],
    ])('refuses %s with 400, never dropping it', async (_case, override, path) => {
      const answer = await api.call('POST', '/api/v1/profiles', { body: newProfile(override) });
      expect(answer.status).toBe(400);
      expect(answer.json<{ errors: unknown[] }>().errors).toEqual([
        { path, message: expect.any(String) },
      ]);
    });

    it('accepts limits counted in code points: 100 emoji as a displayName', async () => {
      const created = await create({ displayName: '😀'.repeat(100) });
      expect(created.displayName).toBe('😀'.repeat(100));
    });

    it('answers 409 naming the field when a username or (any-case) e-mail is taken', async () => {
      const existing = await create();
      const byUsername = await api.call('POST', '/api/v1/profiles', {
        body: newProfile({ username: existing.username }),
      });
      expect(byUsername.status).toBe(409);
      expect(byUsername.body).toMatchObject({
        type: 'urn:profile-api:problem:conflict',
        detail: expect.stringContaining('username'),
        errors: [{ path: 'username', message: expect.any(String) }],
      });

      const byEmail = await api.call('POST', '/api/v1/profiles', {
        body: newProfile({ email: existing.email.toUpperCase() }),
      });
      expect(byEmail.status).toBe(409);
      expect(byEmail.body).toMatchObject({
        errors: [{ path: 'email' }],
        detail: expect.stringContaining('email'),
      });
    });

    it('names every taken field in one 409, on create and on update', async () => {
      const existing = await create();
      const both = await api.call('POST', '/api/v1/profiles', {
        body: newProfile({ username: existing.username, email: existing.email.toUpperCase() }),
      });
      expect(both.status).toBe(409);
      expect(both.body).toMatchObject({
        detail: 'Another profile already has this username and this email.',
        errors: [
          { path: 'username', message: 'is already taken' },
          { path: 'email', message: 'is already taken' },
        ],
      });

      const other = await create();
      const update = await api.call('PATCH', `/api/v1/profiles/${other.id}`, {
        body: { username: existing.username, email: existing.email, bio: 'changed' },
      });
      expect(update.status).toBe(409);
      expect(
        update.json<{ errors: Array<{ path: string }> }>().errors.map(({ path }) => path),
      ).toEqual(['username', 'email']);
      // Its own values are not taken: only the other profile's count.
      const own = await api.call('PATCH', `/api/v1/profiles/${other.id}`, {
        body: { username: existing.username, email: other.email },
      });
      expect(
        own.json<{ errors: Array<{ path: string }> }>().errors.map(({ path }) => path),
      ).toEqual(['username']);
    });

    it('gives one 201 and nineteen 409 to 20 parallel creates of one username', async () => {
      const { username } = newProfile();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          api.call('POST', '/api/v1/profiles', { body: newProfile({ username }) }),
        ),
      );
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([201, ...Array<number>(19).fill(409)]);
    });

    it('answers 415 to a body that is not application/json', async () => {
      const answer = await api.call('POST', '/api/v1/profiles', {
        body: 'username=ada',
        headers: { 'content-type': 'text/plain' },
      });
      expect(answer.status).toBe(415);
      expect(answer.body).toMatchObject({
        type: 'urn:profile-api:problem:unsupported-media-type',
        status: 415,
      });
    });

    it('answers 413 to a body over 64 KiB', async () => {
      const answer = await api.call('POST', '/api/v1/profiles', {
        body: newProfile({ bio: 'x'.repeat(70 * 1024) }),
      });
      expect(answer.status).toBe(413);
      expect(answer.body).toMatchObject({
        type: 'urn:profile-api:problem:payload-too-large',
        status: 413,
      });
    });

    it('answers 400 to malformed JSON and to a body that is not an object', async () => {
      const malformed = await api.call('POST', '/api/v1/profiles', { body: '{"username":' });
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get('content-type')).toMatch(PROBLEM);

      const array = await api.call('POST', '/api/v1/profiles', { body: [newProfile()] });
      expect(array.status).toBe(400);
      expect(array.body).toMatchObject({
        errors: [{ path: '', message: 'must be a JSON object' }],
      });
    });
  });

  describe('requests the HTTP layer refuses before a handler runs', () => {
    const problemOf = (answer: Answer) => ({
      status: answer.status,
      contentType: answer.headers.get('content-type'),
      requestIdMatches: answer.json()['requestId'] === answer.headers.get('x-request-id'),
      type: answer.json()['type'],
      errors: answer.json()['errors'],
    });

    it('answers an empty JSON body with 400 saying so', async () => {
      const answer = await api.call('POST', '/api/v1/profiles', {
        headers: { 'content-type': 'application/json' },
      });
      expect(problemOf(answer)).toEqual({
        status: 400,
        contentType: expect.stringMatching(PROBLEM),
        requestIdMatches: true,
        type: 'urn:profile-api:problem:invalid-request',
        errors: [{ path: '', message: expect.stringContaining('must not be empty') }],
      });
    });

    it('answers JSON with a prototype-poisoning key with 400 naming the key', async () => {
      for (const body of ['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}']) {
        const answer = await api.call('POST', '/api/v1/profiles', { body });
        expect(problemOf(answer)).toMatchObject({
          status: 400,
          errors: [{ path: '', message: expect.stringContaining('__proto__') }],
        });
      }
    });

    it('answers a path that is not validly percent-encoded with a 400 problem', async () => {
      const answer = await api.call('GET', '/api/v1/profiles/%ZZ', {
        headers: { 'x-request-id': 'bad-url-1' },
      });
      expect(problemOf(answer)).toEqual({
        status: 400,
        contentType: expect.stringMatching(PROBLEM),
        requestIdMatches: true,
        type: 'urn:profile-api:problem:invalid-request',
        errors: [{ path: '', message: 'is malformed' }],
      });
      expect(answer.headers.get('x-request-id')).toBe('bad-url-1');
      expect(answer.text).not.toContain('FST_');
    });

    it('answers a repeated query parameter with 400 naming it', async () => {
      const answer = await api.call('GET', '/api/v1/profiles?limit=1&limit=2');
      expect(problemOf(answer)).toMatchObject({
        status: 400,
        errors: [{ path: 'limit', message: 'must be given once' }],
      });
    });

    it('refuses other media types on PATCH too, merge-patch+json included, with 415', async () => {
      const created = await create();
      for (const contentType of [
        'application/merge-patch+json',
        'application/x-www-form-urlencoded',
      ]) {
        const answer = await api.call('PATCH', `/api/v1/profiles/${created.id}`, {
          body: '{"bio":"x"}',
          headers: { 'content-type': contentType },
        });
        expect(problemOf(answer)).toMatchObject({
          status: 415,
          type: 'urn:profile-api:problem:unsupported-media-type',
        });
      }
      const tooLarge = await api.call('PATCH', `/api/v1/profiles/${created.id}`, {
        body: { bio: 'y'.repeat(65 * 1024) },
      });
      expect(problemOf(tooLarge)).toMatchObject({ status: 413, requestIdMatches: true });
      const unchanged = await api.call('GET', `/api/v1/profiles/${created.id}`);
      expect(unchanged.json()).toEqual(created);
    });

    it('accepts application/json with a charset parameter', async () => {
      const answer = await api.call('POST', '/api/v1/profiles', {
        body: newProfile(),
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
      expect(answer.status).toBe(201);
    });

    it('answers an unknown route with a 404 problem', async () => {
      const answer = await api.call('PUT', '/api/v1/profiles');
      expect(problemOf(answer)).toMatchObject({
        status: 404,
        requestIdMatches: true,
        type: 'urn:profile-api:problem:not-found',
      });
    });
  });

  describe('GET /api/v1/profiles/:id', () => {
    it('fills the cache on a miss and answers later reads from it, with ETag and Server-Timing', async () => {
      const created = await create();
      const first = await api.call('GET', `/api/v1/profiles/${created.id}`, { as: 'read' });
      const second = await api.call('GET', `/api/v1/profiles/${created.id}`, { as: 'read' });

      expect(first.status).toBe(200);
      expect(first.headers.get('x-cache')).toBe('MISS');
      expect(first.headers.get('server-timing')).toMatch(/^cache;dur=[\d.]+, db;dur=[\d.]+$/);
      expect(second.headers.get('x-cache')).toBe('HIT');
      expect(second.headers.get('server-timing')).toMatch(/^cache;dur=[\d.]+$/);
      expect(second.text).toBe(first.text);
      expect(second.json()).toEqual(created);
      expect(second.headers.get('etag')).toBe(etagOf(created));
      expect(await api.cachedVersion(created.id)).toBe(1);
    });

    it('reads PostgreSQL and leaves the cache alone with Cache-Control: no-cache', async () => {
      const created = await create();
      const answer = await api.call('GET', `/api/v1/profiles/${created.id}`, {
        headers: { 'cache-control': 'no-cache' },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-cache')).toBe('BYPASS');
      expect(answer.headers.get('server-timing')).toMatch(/^db;dur=[\d.]+$/);
      expect(await api.cachedVersion(created.id)).toBeNull();
    });

    it('answers 304 when If-None-Match names the current ETag, weakly compared', async () => {
      const created = await create();
      for (const tag of [
        etagOf(created),
        `W/${etagOf(created)}`,
        `"other", ${etagOf(created)}`,
        '*',
      ]) {
        const answer = await api.call('GET', `/api/v1/profiles/${created.id}`, {
          headers: { 'if-none-match': tag },
        });
        expect(answer.status).toBe(304);
        expect(answer.text).toBe('');
        expect(answer.headers.get('etag')).toBe(etagOf(created));
      }
      const stale = await api.call('GET', `/api/v1/profiles/${created.id}`, {
        headers: { 'if-none-match': `"${created.id}.0"` },
      });
      expect(stale.status).toBe(200);
    });

    it('answers 400 to an id that is not a UUID and 404 to an unknown one', async () => {
      const bad = await api.call('GET', '/api/v1/profiles/42');
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ errors: [{ path: 'id', message: 'must be a UUID' }] });

      const missing = await api.call(
        'GET',
        '/api/v1/profiles/6f1c2d1e-0000-4000-8000-000000000000',
      );
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({
        type: 'urn:profile-api:problem:not-found',
        status: 404,
      });
    });
  });

  describe('PATCH /api/v1/profiles/:id', () => {
    it('applies a merge patch: given fields change, null clears an optional one, the version moves', async () => {
      const created = await create({ bio: 'old bio', location: 'Paris' });
      const answer = await api.call('PATCH', `/api/v1/profiles/${created.id}`, {
        as: 'write',
        body: { displayName: ' New Name ', bio: null },
      });

      expect(answer.status).toBe(200);
      const updated = answer.json<Profile>();
      expect(updated).toEqual({
        ...created,
        displayName: 'New Name',
        bio: null,
        version: 2,
        updatedAt: expect.any(String),
      });
      expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
      expect(answer.headers.get('etag')).toBe(etagOf(updated));
    });

    it('keeps the version and updatedAt for a patch that changes nothing', async () => {
      const created = await create({ location: 'Oslo' });
      const answer = await api.call('PATCH', `/api/v1/profiles/${created.id}`, {
        body: { location: 'Oslo', username: created.username },
      });
      expect(answer.status).toBe(200);
      expect(answer.json()).toEqual(created);

      const empty = await api.call('PATCH', `/api/v1/profiles/${created.id}`, { body: {} });
      expect(empty.json()).toEqual(created);
    });

    it('refuses null for a required field, server-set fields and unknown ones with 400', async () => {
      const created = await create();
      for (const [body, path] of [
        [{ email: null }, 'email'],
        [{ updatedAt: '2020-01-01T00:00:00.000Z' }, 'updatedAt'],
        [{ colour: 'red' }, 'colour'],
      ] as const) {
        const answer = await api.call('PATCH', `/api/v1/profiles/${created.id}`, { body });
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({ errors: [{ path }] });
      }
    });

    it('honours If-Match with the strong comparison: stale or weak → 412', async () => {
      const created = await create();
      const first = await api.call('PATCH', `/api/v1/profiles/${created.id}`, {
        body: { bio: 'one' },
        headers: { 'if-match': etagOf(created) },
      });
      expect(first.status).toBe(200);

      for (const tag of [etagOf(created), `W/${etagOf(first.json<Profile>())}`, 'garbage']) {
        const refused = await api.call('PATCH', `/api/v1/profiles/${created.id}`, {
          body: { bio: 'two' },
          headers: { 'if-match': tag },
        });
        expect(refused.status).toBe(412);
        expect(refused.body).toMatchObject({ type: 'urn:profile-api:problem:precondition-failed' });
      }
    });

    it('gives one 200 and nineteen 412 to 20 parallel patches with one If-Match', async () => {
      const created = await create();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          api.call('PATCH', `/api/v1/profiles/${created.id}`, {
            body: { bio: `writer ${index}` },
            headers: { 'if-match': etagOf(created) },
          }),
        ),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([
        200,
        ...Array<number>(19).fill(412),
      ]);
      const read = await api.call('GET', `/api/v1/profiles/${created.id}`, {
        headers: { 'cache-control': 'no-cache' },
      });
      expect(read.json<Profile>().version).toBe(2);
    });

    it('writes the new version through to the cache', async () => {
      const created = await create();
      await api.call('GET', `/api/v1/profiles/${created.id}`);
      await api.call('PATCH', `/api/v1/profiles/${created.id}`, { body: { bio: 'through' } });

      expect(await api.cachedVersion(created.id)).toBe(2);
      const read = await api.call('GET', `/api/v1/profiles/${created.id}`);
      expect(read.headers.get('x-cache')).toBe('HIT');
      expect(read.json()).toMatchObject({ bio: 'through', version: 2 });
    });

    it('answers 409 when the new username is taken, 404 for an unknown profile', async () => {
      const [first, second] = [await create(), await create()];
      const taken = await api.call('PATCH', `/api/v1/profiles/${second.id}`, {
        body: { username: first.username },
      });
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ errors: [{ path: 'username' }] });

      const missing = await api.call(
        'PATCH',
        '/api/v1/profiles/6f1c2d1e-0000-4000-8000-000000000001',
        {
          body: { bio: 'x' },
        },
      );
      expect(missing.status).toBe(404);
    });
  });

  describe('DELETE /api/v1/profiles/:id', () => {
    it('deletes (204), removes the cache entry, then answers 404', async () => {
      const created = await create();
      await api.call('GET', `/api/v1/profiles/${created.id}`);
      expect(await api.cachedVersion(created.id)).toBe(1);

      const answer = await api.call('DELETE', `/api/v1/profiles/${created.id}`, { as: 'write' });
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
      expect(await api.cachedVersion(created.id)).toBeNull();
      expect((await api.call('GET', `/api/v1/profiles/${created.id}`)).status).toBe(404);
      expect((await api.call('DELETE', `/api/v1/profiles/${created.id}`)).status).toBe(404);
    });

    it('honours If-Match: stale → 412 and the profile stays', async () => {
      const created = await create();
      const stale = await api.call('DELETE', `/api/v1/profiles/${created.id}`, {
        headers: { 'if-match': `"${created.id}.7"` },
      });
      expect(stale.status).toBe(412);
      const current = await api.call('DELETE', `/api/v1/profiles/${created.id}`, {
        headers: { 'if-match': etagOf(created) },
      });
      expect(current.status).toBe(204);
    });
  });

  describe('GET /api/v1/profiles', () => {
    async function pages(query: string): Promise<Profile[][]> {
      const result: Profile[][] = [];
      let cursor: string | null = null;
      do {
        const answer = await api.call(
          'GET',
          `/api/v1/profiles?${query}${cursor ? `&cursor=${cursor}` : ''}`,
          { as: 'read' },
        );
        expect(answer.status).toBe(200);
        const page = answer.json<{ items: Profile[]; nextCursor: string | null }>();
        result.push(page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return result;
    }

    it('pages newest first with an opaque cursor, stable under concurrent inserts', async () => {
      const tag = `page${Date.now().toString(36)}`;
      const created: Profile[] = [];
      for (let index = 0; index < 7; index += 1) {
        created.push(await create({ displayName: `${tag} ${index}` }));
      }
      const first = await api.call('GET', `/api/v1/profiles?q=${tag}&limit=3`);
      const firstPage = first.json<{ items: Profile[]; nextCursor: string }>();
      expect(firstPage.items.map((profile) => profile.id)).toEqual(
        created
          .slice(-3)
          .reverse()
          .map((profile) => profile.id),
      );
      // A profile created between pages is newer than the cursor: it never shows up later.
      await create({ displayName: `${tag} late` });
      const rest = await api.call(
        'GET',
        `/api/v1/profiles?q=${tag}&limit=3&cursor=${firstPage.nextCursor}`,
      );
      expect(rest.json<{ items: Profile[] }>().items.map((profile) => profile.id)).toEqual(
        created
          .slice(1, 4)
          .reverse()
          .map((profile) => profile.id),
      );

      const all = (await pages(`q=${tag}&limit=2`)).flat();
      expect(all).toHaveLength(8);
      expect(new Set(all.map((profile) => profile.id)).size).toBe(8);
    });

    it('defaults to 20 items and never fills the cache', async () => {
      for (let index = 0; index < 21; index += 1) await create();
      const answer = await api.call('GET', '/api/v1/profiles');
      const page = answer.json<{ items: Profile[]; nextCursor: string | null }>();
      expect(page.items).toHaveLength(20);
      expect(page.nextCursor).toEqual(expect.any(String));
      for (const profile of page.items) expect(await api.cachedVersion(profile.id)).toBeNull();
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=ten', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      [`cursor=${Buffer.from('["yesterday","x"]').toString('base64url')}`, 'cursor'],
    ])('answers 400 to %s', async (query, path) => {
      const answer = await api.call('GET', `/api/v1/profiles?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ errors: [{ path }] });
    });

    it('matches username, displayName and e-mail literally, ignoring case; % and _ are characters', async () => {
      const tag = `q${Date.now().toString(36)}`;
      const byName = await create({ displayName: `Percent ${tag} 100%_done` });
      const byUsername = await create({ username: `${tag}-user` });
      const byEmail = await create({ email: `${tag}.Mail@example.com` });
      await create({ displayName: `${tag} 100xxdone` });

      const search = async (q: string) =>
        (await api.call('GET', `/api/v1/profiles?q=${encodeURIComponent(q)}`))
          .json<{ items: Profile[] }>()
          .items.map((profile) => profile.id);

      expect(await search('100%_done')).toEqual([byName.id]);
      expect((await search(tag.toUpperCase())).sort()).toHaveLength(4);
      expect(await search(`${tag}-USER`)).toEqual([byUsername.id]);
      expect(await search(`${tag}.mail@`)).toEqual([byEmail.id]);
      expect(await search('\\')).toEqual([]);
    });
  });
});
