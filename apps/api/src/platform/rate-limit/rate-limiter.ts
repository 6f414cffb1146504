import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { API_ENVIRONMENT, ApiEnvironment } from '../config/api-environment';
import { FixedWindow } from './fixed-window';

/**
 * The budgets of the rate limit, in memory per replica: each API key has its own (its own limit
 * from API_KEYS, or RATE_LIMIT_LIMIT), made at start-up; requests without a known key share one per
 * client address, made when an address is first seen and forgotten once its window has ended.
 */
@Injectable()
export class RateLimiter implements OnModuleDestroy {
  private readonly byKey: ReadonlyMap<string, FixedWindow>;
  private readonly byAddress = new Map<string, FixedWindow>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(@Inject(API_ENVIRONMENT) private readonly environment: ApiEnvironment) {
    const windowMs = environment.RATE_LIMIT_TTL_MS;
    this.byKey = new Map(
      environment.API_KEYS.map(({ name, rateLimit }) => [
        name,
        new FixedWindow(rateLimit ?? environment.RATE_LIMIT_LIMIT, windowMs),
      ]),
    );
    this.sweeper = setInterval(() => this.forgetIdleAddresses(), windowMs);
    this.sweeper.unref();
  }

  /** The budget of a configured key, by its name. */
  forKey(name: string): FixedWindow {
    const budget = this.byKey.get(name);
    if (!budget) throw new Error(`no rate-limit budget for API key ${name}`);
    return budget;
  }

  /** The budget shared by requests from `address` that present no known key. */
  forAddress(address: string): FixedWindow {
    let budget = this.byAddress.get(address);
    if (!budget) {
      budget = new FixedWindow(
        this.environment.RATE_LIMIT_LIMIT,
        this.environment.RATE_LIMIT_TTL_MS,
      );
      this.byAddress.set(address, budget);
    }
    return budget;
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private forgetIdleAddresses(): void {
    const now = Date.now();
    for (const [address, budget] of this.byAddress) {
      if (budget.isIdle(now)) this.byAddress.delete(address);
    }
  }
}
