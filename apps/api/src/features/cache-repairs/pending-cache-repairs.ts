/** The repair a change records in its own transaction, named by a token of that change. */
export interface CacheRepairIntent {
  profileId: string;
  token: string;
}

interface Pending {
  profileId: string;
  /** False while the change's transaction runs; true once it committed, or may have. */
  settled: boolean;
}

/**
 * The cache repairs this process knows may be pending: a change committed (or being committed) whose
 * write-through or invalidation Redis has not confirmed. While a profile has one, its reads skip the
 * cache, which may still hold the version before the change.
 */
export class PendingCacheRepairs {
  private readonly byToken = new Map<string, Pending>();
  private readonly perProfile = new Map<string, number>();

  has(profileId: string): boolean {
    return this.perProfile.has(profileId);
  }

  /** A change whose transaction is about to run. */
  open({ profileId, token }: CacheRepairIntent): void {
    this.add(token, { profileId, settled: false });
  }

  /** The change's transaction is over and may have committed: only its record can tell now. */
  settle(token: string): void {
    const pending = this.byToken.get(token);
    if (pending) pending.settled = true;
  }

  /** A record read from the database, of this process's changes or another's. */
  track({ profileId, token }: CacheRepairIntent): void {
    if (!this.byToken.has(token)) this.add(token, { profileId, settled: true });
  }

  /** The cache took the change, or the change never committed. */
  resolve(token: string): void {
    const pending = this.byToken.get(token);
    if (!pending) return;
    this.byToken.delete(token);
    const left = (this.perProfile.get(pending.profileId) ?? 1) - 1;
    if (left > 0) this.perProfile.set(pending.profileId, left);
    else this.perProfile.delete(pending.profileId);
  }

  /** The tokens whose transactions are over, so whose records, if any, are visible to a new query. */
  settledTokens(): string[] {
    return [...this.byToken].filter(([, pending]) => pending.settled).map(([token]) => token);
  }

  private add(token: string, pending: Pending): void {
    this.byToken.set(token, pending);
    this.perProfile.set(pending.profileId, (this.perProfile.get(pending.profileId) ?? 0) + 1);
  }
}
