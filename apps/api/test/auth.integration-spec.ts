import { join } from 'node:path';
import { ServiceProcess } from '@profile/testing';
import { ApiUnderTest, dist, KEYS, newProfile } from './support/api-under-test';

const PROBLEM = /^application\/problem\+json/;

describe('authentication and scopes (process against PostgreSQL and Redis)', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    // A second admin key whose secret contains colons: API_KEYS splits on the first two only.
    api = await ApiUnderTest.start('auth', {
      API_KEYS: `admin:admin:${KEYS.admin},writer:write:${KEYS.write},reader:read:${KEYS.read},ops:admin:with:colons:inside`,
    });
  });

  afterAll(async () => {
    await api?.stop();
  });

  it.each([
    ['no Authorization header', {}],
    ['an unknown key', { authorization: 'Bearer not-a-configured-key' }],
    ['another scheme', { authorization: `Basic ${KEYS.admin}` }],
    ['a bearer without a token', { authorization: 'Bearer' }],
    ['two tokens', { authorization: `Bearer ${KEYS.admin} ${KEYS.read}` }],
    ['a known secret with a suffix', { authorization: `Bearer ${KEYS.admin}x` }],
  ])('answers 401 with WWW-Authenticate: Bearer for %s', async (_case, headers) => {
    const answer = await api.call('GET', '/api/v1/auth/whoami', { as: null, headers });

    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    expect(answer.headers.get('content-type')).toMatch(PROBLEM);
    expect(answer.body).toEqual({
      type: 'urn:profile-api:problem:unauthenticated',
      title: expect.any(String),
      status: 401,
      detail: expect.any(String),
      instance: '/api/v1/auth/whoami',
      requestId: answer.headers.get('x-request-id'),
    });
  });

  it.each([
    ['read', 'reader'],
    ['write', 'writer'],
    ['admin', 'admin'],
  ] as const)('tells a %s key its name and scope on GET /api/v1/auth/whoami', async (as, name) => {
    const answer = await api.call('GET', '/api/v1/auth/whoami', { as });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ name, scope: as });
  });

  it('accepts a secret that contains colons', async () => {
    const answer = await api.call('GET', '/api/v1/auth/whoami', {
      as: null,
      headers: { authorization: 'Bearer with:colons:inside' },
    });
    expect(answer.body).toEqual({ name: 'ops', scope: 'admin' });
  });

  it('orders the scopes read < write < admin: a key without the scope gets 403', async () => {
    const created = (
      await api.call('POST', '/api/v1/profiles', { as: 'write', body: newProfile() })
    ).json<{ id: string }>();
    const profile = `/api/v1/profiles/${created.id}`;
    const none = () => undefined;
    const routes: Array<[string, string, () => unknown, 'read' | 'write' | 'admin']> = [
      ['GET', '/api/v1/auth/whoami', none, 'read'],
      ['GET', '/api/v1/system', none, 'read'],
      ['GET', '/api/v1/profiles', none, 'read'],
      ['GET', profile, none, 'read'],
      ['POST', '/api/v1/profiles', () => newProfile(), 'write'],
      ['PATCH', profile, () => ({ bio: 'scoped' }), 'write'],
      ['GET', '/api/v1/cache', none, 'admin'],
      ['DELETE', '/api/v1/cache', none, 'admin'],
    ];
    const allowed = { read: ['read'], write: ['read', 'write'], admin: ['read', 'write', 'admin'] };

    const outcomes: string[] = [];
    for (const [method, path, body, needed] of routes) {
      for (const as of ['read', 'write', 'admin'] as const) {
        const answer = await api.call(method, path, { as, body: body() });
        const expected = allowed[as].includes(needed) ? 'allowed' : 'forbidden';
        const actual = answer.status === 403 ? 'forbidden' : answer.status < 300 ? 'allowed' : '?';
        outcomes.push(`${method} ${path} as ${as}: ${actual === expected ? 'ok' : answer.status}`);
        if (answer.status === 403) {
          expect(answer.body).toMatchObject({
            type: 'urn:profile-api:problem:forbidden',
            detail: `This operation needs the ${needed} scope; the key has ${as}.`,
          });
        }
      }
    }
    expect(outcomes.filter((outcome) => !outcome.endsWith(': ok'))).toEqual([]);

    const deleted = await api.call('DELETE', profile, { as: 'read' });
    expect(deleted.status).toBe(403);
    expect((await api.call('DELETE', profile, { as: 'write' })).status).toBe(204);
  });

  it('checks the key before validating the request: 401 beats 400', async () => {
    const answer = await api.call('POST', '/api/v1/profiles', { as: null, body: { bad: true } });
    expect(answer.status).toBe(401);
  });

  it('serves health, metrics and docs without a key', async () => {
    for (const path of ['/health/live', '/health/ready', '/metrics', '/docs', '/docs-json']) {
      const answer = await api.call('GET', path, { as: null });
      expect([path, answer.status]).toEqual([path, 200]);
    }
  });
});

describe('api start-up with NODE_ENV=production', () => {
  const start = (env: Record<string, string>) =>
    ServiceProcess.start({
      script: join(dist, 'main.js'),
      env: {
        NODE_ENV: 'production',
        // Unreachable services: a start that got past the environment check would hang, not exit.
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
        ...env,
      },
    });

  it.each([
    ['unset', {}],
    ['empty', { API_KEYS: ' , ' }],
  ])('refuses to start with API_KEYS %s, naming the variable', async (_case, env) => {
    const api = start(env);
    expect(await api.exit()).toBe(1);
    expect(api.logs).toMatch(/^ {2}- API_KEYS: is required when NODE_ENV=production/m);
  });

  it('refuses a malformed API_KEYS without printing its secrets', async () => {
    const api = start({ API_KEYS: 'ops:superuser:do-not-print-me' });
    expect(await api.exit()).toBe(1);
    expect(api.logs).toMatch(/^ {2}- API_KEYS: key "ops": the scope must be one of/m);
    expect(api.logs).not.toContain('do-not-print-me');
  });
});
