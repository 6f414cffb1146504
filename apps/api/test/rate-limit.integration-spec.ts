import { ApiUnderTest } from './support/api-under-test';

const LIMIT = 4;

describe('rate limit (process with RATE_LIMIT_LIMIT=4 per minute)', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await ApiUnderTest.start('rate_limit', {
      RATE_LIMIT_LIMIT: String(LIMIT),
      RATE_LIMIT_TTL_MS: '60000',
    });
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('gives each key one budget across all routes, then 429 problem+json with Retry-After', async () => {
    const statuses = [
      (await api.call('GET', '/api/v1/auth/whoami', { as: 'write' })).status,
      (await api.call('GET', '/api/v1/profiles', { as: 'write' })).status,
      (await api.call('GET', '/api/v1/system', { as: 'write' })).status,
      (await api.call('GET', '/api/v1/auth/whoami', { as: 'write' })).status,
    ];
    expect(statuses).toEqual([200, 200, 200, 200]);

    const refused = await api.call('GET', '/api/v1/profiles', { as: 'write' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toEqual({
      type: 'urn:profile-api:problem:rate-limited',
      title: 'Too many requests',
      status: 429,
      detail: expect.any(String),
      instance: '/api/v1/profiles',
      requestId: refused.headers.get('x-request-id'),
    });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('limits each key on its own: another key still has its budget', async () => {
    for (let request = 0; request < LIMIT; request += 1) {
      expect((await api.call('GET', '/api/v1/auth/whoami', { as: 'read' })).status).toBe(200);
    }
    expect((await api.call('GET', '/api/v1/auth/whoami', { as: 'read' })).status).toBe(429);
  });

  it('limits requests without a known key by client address, before refusing them with 401', async () => {
    const unknown = { authorization: 'Bearer guessed-key' };
    const statuses: number[] = [];
    for (let request = 0; request <= LIMIT; request += 1) {
      statuses.push(
        (await api.call('GET', '/api/v1/auth/whoami', { as: null, headers: unknown })).status,
      );
    }
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(401), 429]);
    // The admin key, from the same address, is counted apart.
    expect((await api.call('GET', '/api/v1/auth/whoami', { as: 'admin' })).status).toBe(200);
  });

  it('does not limit health, metrics or docs', async () => {
    for (let request = 0; request <= LIMIT * 2; request += 1) {
      expect((await api.call('GET', '/health/live', { as: null })).status).toBe(200);
    }
    expect((await api.call('GET', '/metrics', { as: null })).status).toBe(200);
    expect((await api.call('GET', '/docs-json', { as: null })).status).toBe(200);
  });
});
