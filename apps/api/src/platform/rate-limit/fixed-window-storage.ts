import type { ThrottlerStorage } from '@nestjs/throttler';

interface Window {
  startedAt: number;
  hits: number;
  /** Past the limit, requests are refused until then (ms since the epoch); 0 when not blocked. */
  blockedUntil: number;
}

interface ThrottlerRecord {
  totalHits: number;
  /** Seconds, as @nestjs/throttler's guard expects (it sends them as Retry-After). */
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * Fixed-window counters for @nestjs/throttler, O(1) per request. The library's own storage keeps
 * one timestamp per request of the window and scans them on every request, which costs more the
 * higher the limit. A key may get up to twice its limit across a window boundary; the budget is a
 * guard against abuse, not an exact quota.
 */
export class FixedWindowThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private sweeper: NodeJS.Timeout | undefined;
  private longestMs = 0;

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottlerRecord> {
    const now = Date.now();
    this.sweepEvery(Math.max(ttl, blockDuration));
    let window = this.windows.get(key);
    if (!window || (now >= window.startedAt + ttl && now >= window.blockedUntil)) {
      window = { startedAt: now, hits: 0, blockedUntil: 0 };
      this.windows.set(key, window);
    }
    if (now >= window.blockedUntil) {
      window.hits += 1;
      if (window.hits > limit) window.blockedUntil = now + blockDuration;
    }
    const isBlocked = now < window.blockedUntil;
    return {
      totalHits: window.hits,
      timeToExpire: seconds(window.startedAt + ttl - now),
      isBlocked,
      timeToBlockExpire: isBlocked ? seconds(window.blockedUntil - now) : 0,
    };
  }

  /** Forgets windows that have ended, so the map holds only keys seen lately (unref'd: it never holds the process up). */
  private sweepEvery(intervalMs: number): void {
    if (intervalMs <= this.longestMs) return;
    this.longestMs = intervalMs;
    clearInterval(this.sweeper);
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const [key, window] of this.windows) {
        if (now >= window.startedAt + this.longestMs && now >= window.blockedUntil) {
          this.windows.delete(key);
        }
      }
    }, intervalMs);
    this.sweeper.unref();
  }
}
