import type { CacheRecord } from '../../src/lib/profile-cache';
import { deferred } from './deferred';

/** A loader the test finishes by hand, and that says when the cache has called it. */
export function controlledLoader() {
  const called = deferred<void>();
  const result = deferred<CacheRecord | null>();
  const loader = jest.fn(() => {
    called.resolve();
    return result.promise;
  });
  return {
    loader,
    /** Resolves once the cache's lookup missed and it started loading. */
    called: called.promise,
    finish: (record: CacheRecord | null) => result.resolve(record),
    fail: (error: unknown) => result.reject(error),
  };
}
