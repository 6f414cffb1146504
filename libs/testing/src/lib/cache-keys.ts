/** The part of an ioredis client that removing keys needs. */
export interface KeyRemover {
  keys(pattern: string): Promise<string[]>;
  unlink(...keys: string[]): Promise<number>;
}

/**
 * Removes every key of a cache whose keys share the hash tag `{prefix}`, and those of the tags
 * derived from it (`{prefix:store}`, `{prefix:metrics}`).
 */
export async function deleteCacheKeys(redis: KeyRemover, prefix: string): Promise<void> {
  const keys = await redis.keys(`{${prefix}[}:]*`);
  if (keys.length > 0) await redis.unlink(...keys);
}
