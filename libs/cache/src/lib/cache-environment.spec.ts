import { EnvironmentError, parseEnvironment } from '@profile/profile-domain';
import { z } from 'zod';
import { cacheEnvironmentFields } from './cache-environment';

const schema = z.object(cacheEnvironmentFields);

describe('cacheEnvironmentFields', () => {
  it('defaults to a 10-entry FIFO, 24 h and 1 h TTLs and a 50 ms timeout, all in ms', () => {
    expect(parseEnvironment(schema, {})).toEqual({
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_MODE: 'standalone',
      CACHE_PREFIX: 'profile-cache',
      CACHE_MAX_ENTRIES: 10,
      CACHE_TTL_NEW_MS: 86_400_000,
      CACHE_TTL_UPDATED_MS: 3_600_000,
      CACHE_TIMEOUT_MS: 50,
    });
  });

  it('reads every variable from its string', () => {
    expect(
      parseEnvironment(schema, {
        REDIS_URL: 'rediss://cache.internal:6380',
        REDIS_MODE: 'cluster',
        CACHE_PREFIX: 'profiles:v2',
        CACHE_MAX_ENTRIES: '500',
        CACHE_TTL_NEW_MS: '60000',
        CACHE_TTL_UPDATED_MS: '1500',
        CACHE_TIMEOUT_MS: '20',
      }),
    ).toEqual({
      REDIS_URL: 'rediss://cache.internal:6380',
      REDIS_MODE: 'cluster',
      CACHE_PREFIX: 'profiles:v2',
      CACHE_MAX_ENTRIES: 500,
      CACHE_TTL_NEW_MS: 60_000,
      CACHE_TTL_UPDATED_MS: 1_500,
      CACHE_TIMEOUT_MS: 20,
    });
  });

  it.each([
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['REDIS_MODE', 'sentinel'],
    // A brace would move the hash tag and split the namespace over several Cluster slots.
    ['CACHE_PREFIX', 'profile{cache}'],
    ['CACHE_PREFIX', 'profile cache'],
    ['CACHE_MAX_ENTRIES', '0'],
    ['CACHE_MAX_ENTRIES', 'ten'],
    ['CACHE_TTL_NEW_MS', '1.5'],
    ['CACHE_TTL_UPDATED_MS', '0'],
    ['CACHE_TIMEOUT_MS', '-1'],
  ])('refuses %s=%j, naming the variable', (variable, value) => {
    const parse = () => parseEnvironment(schema, { [variable]: value });

    expect(parse).toThrow(EnvironmentError);
    expect(parse).toThrow(new RegExp(`${variable}: `));
  });

  // `CACHE_PREFIX=` in a .env file or a manifest means "unset": the default prefix, not an error.
  it('reads every blank variable as unset', () => {
    const blank = Object.fromEntries(Object.keys(cacheEnvironmentFields).map((name) => [name, '']));
    expect(parseEnvironment(schema, blank)).toEqual(parseEnvironment(schema, {}));
  });
});
