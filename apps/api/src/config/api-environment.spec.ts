import { EnvironmentError } from '@profile/profile-domain';
import { loadApiEnvironment } from './api-environment';

describe('api environment', () => {
  it('applies the documented defaults to an empty environment', () => {
    const environment = loadApiEnvironment({});

    expect(environment.PORT).toBe(30080);
    expect(environment.CACHE_MAX_ENTRIES).toBe(10);
    expect(environment.CACHE_TTL_NEW_MS).toBe(24 * 60 * 60 * 1000);
    expect(environment.CACHE_TTL_UPDATED_MS).toBe(60 * 60 * 1000);
    expect(environment.CACHE_TIMEOUT_MS).toBe(50);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/profiles'],
    ['REDIS_URL', 'not a url'],
    ['RABBITMQ_URL', 'http://localhost:5672'],
    ['CACHE_MAX_ENTRIES', '0'],
    ['CACHE_TIMEOUT_MS', '1.5'],
    ['DB_POOL_SIZE', '-1'],
    ['LOG_LEVEL', 'verbose'],
  ])('rejects %s=%s naming the variable', (variable, value) => {
    expect(() => loadApiEnvironment({ [variable]: value })).toThrow(EnvironmentError);
    expect(() => loadApiEnvironment({ [variable]: value })).toThrow(
      new RegExp(`^  - ${variable}: `, 'm'),
    );
  });
});
