import { ApiUnderTest, KEYS } from './support/api-under-test';

const CLIENT_LIMIT = 3;
const SERVICE_LIMIT = 8;

describe('a key with a rate limit of its own (API_KEYS name:scope/limit:secret)', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await ApiUnderTest.start('key_rate_limit', {
      API_KEYS: `writer:write:${KEYS.write},service:read/${SERVICE_LIMIT}:${KEYS.read}`,
      RATE_LIMIT_LIMIT: String(CLIENT_LIMIT),
      RATE_LIMIT_TTL_MS: '60000',
    });
  });

  afterAll(async () => {
    await api?.stop();
  });

  const statuses = async (as: 'write' | 'read', count: number) => {
    const answers = [];
    for (let request = 0; request < count; request += 1) {
      answers.push(await api.call('GET', '/api/v1/auth/whoami', { as }));
    }
    return answers;
  };

  it('limits the key by its own budget, not by RATE_LIMIT_LIMIT, and says which in its headers', async () => {
    const answers = await statuses('read', SERVICE_LIMIT + 1);

    expect(answers.map(({ status }) => status)).toEqual([
      ...Array<number>(SERVICE_LIMIT).fill(200),
      429,
    ]);
    expect(answers[0].json()).toEqual({ name: 'service', scope: 'read' });
    expect(answers[0].headers.get('x-ratelimit-limit')).toBe(String(SERVICE_LIMIT));
    expect(answers[0].headers.get('x-ratelimit-remaining')).toBe(String(SERVICE_LIMIT - 1));
    expect(Number(answers[SERVICE_LIMIT].headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('keeps RATE_LIMIT_LIMIT for the other keys', async () => {
    const answers = await statuses('write', CLIENT_LIMIT + 1);

    expect(answers.map(({ status }) => status)).toEqual([
      ...Array<number>(CLIENT_LIMIT).fill(200),
      429,
    ]);
    expect(answers[0].headers.get('x-ratelimit-limit')).toBe(String(CLIENT_LIMIT));
  });
});
