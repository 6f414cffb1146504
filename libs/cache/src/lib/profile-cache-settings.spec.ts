import { cacheEnvironmentFields } from './cache-environment';
import { profileCacheSettings } from './profile-cache-settings';
import { z } from 'zod';

const parse = (variables: Record<string, string>) =>
  z.object(cacheEnvironmentFields).parse(variables);

describe('profileCacheSettings', () => {
  it('lets fences and tombstones expire within seconds of the lease, whatever the entry TTLs', () => {
    const { ttls } = profileCacheSettings(
      parse({ CACHE_TTL_NEW_MS: String(365 * 24 * 3_600_000), CACHE_TTL_UPDATED_MS: '3600000' }),
    );
    expect(ttls.markerMs).toBe(30_000);
    expect(ttls.markerMs).toBeGreaterThan(ttls.leaseMs);
  });

  it('keeps markers longer than a write-through may stay in flight at the longest command timeout', () => {
    const { ttls } = profileCacheSettings(parse({ CACHE_TIMEOUT_MS: '10000' }));
    expect(ttls.markerMs).toBeGreaterThanOrEqual(3 * 10_000);
  });
});
