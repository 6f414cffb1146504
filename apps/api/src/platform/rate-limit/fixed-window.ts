/**
 * One caller's budget: `limit` requests per fixed window of `windowMs`, O(1) per request. A
 * caller may get up to twice its limit across a window boundary; the budget guards against abuse,
 * it is not an exact quota.
 */
export class FixedWindow {
  /** The limit as the X-RateLimit-Limit header says it. */
  readonly limitHeader: string;
  private startedAt = -Infinity;
  private hits = 0;

  constructor(
    readonly limit: number,
    private readonly windowMs: number,
  ) {
    this.limitHeader = String(limit);
  }

  /** Counts a request at `now` (ms); false when the window's budget is spent. */
  take(now: number): boolean {
    if (now >= this.startedAt + this.windowMs) {
      this.startedAt = now;
      this.hits = 0;
    }
    if (this.hits >= this.limit) return false;
    this.hits += 1;
    return true;
  }

  /** Requests the current window has left. */
  get remaining(): number {
    return this.limit - this.hits;
  }

  /** Whole seconds until the current window ends, at least 1. */
  secondsLeft(now: number): number {
    return Math.max(1, Math.ceil((this.startedAt + this.windowMs - now) / 1000));
  }

  /** Whether the window has ended, so the budget holds nothing worth keeping. */
  isIdle(now: number): boolean {
    return now >= this.startedAt + this.windowMs;
  }
}
