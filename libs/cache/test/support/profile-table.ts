import type { CacheRecord } from '../../src/lib/profile-cache';

export const recordOf = (id: string, version: number): CacheRecord => ({
  payload: `${id}:v${version}`,
  version,
});

/** The profile table the model tests' loaders read: every id starts at version 1; a delete is for good. */
export class ProfileTable {
  private readonly versions: Map<string, number | 'deleted'>;

  constructor(ids: readonly string[]) {
    this.versions = new Map(ids.map((id) => [id, 1]));
  }

  current(id: string): CacheRecord | null {
    const version = this.versions.get(id);
    return typeof version === 'number' ? recordOf(id, version) : null;
  }

  update(id: string): CacheRecord | null {
    const current = this.current(id);
    if (!current) return null;
    this.versions.set(id, current.version + 1);
    return recordOf(id, current.version + 1);
  }

  delete(id: string): boolean {
    const existed = this.current(id) !== null;
    this.versions.set(id, 'deleted');
    return existed;
  }
}
