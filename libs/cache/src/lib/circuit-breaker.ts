import { CacheUnavailableError } from './cache-unavailable.error';

/**
 * - `closed`: calls go through; consecutive failures are counted.
 * - `open`: calls fail at once, without touching Redis, until `openMs` has passed.
 * - `half-open`: one call (the probe) goes through; its outcome closes or reopens the circuit, and
 *   every other call fails at once meanwhile.
 *
 * After `connectionReady` (a new connection answered its ready check), failures do not count until a
 * call has succeeded on it: its first calls load the scripts, and on a busy machine may outlast the
 * command timeout without Redis being in trouble.
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one call probes again. */
  openMs: number;
}

export type CircuitListener = (state: CircuitState, cause: unknown) => void;

export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private warmingUp = false;

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly onStateChange: CircuitListener = () => undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get state(): CircuitState {
    return this.current;
  }

  /** A new connection is ready: its failures count once a call has succeeded on it. */
  connectionReady(): void {
    this.warmingUp = true;
  }

  /** Runs `operation` unless the circuit is open; any failure comes back as CacheUnavailableError. */
  async execute<T>(operation: () => Promise<T>): Promise<T> {
    if (!this.admit()) throw new CacheUnavailableError('the circuit breaker is open');
    const isProbe = this.current === 'half-open';
    let result: T;
    try {
      result = await operation();
    } catch (error) {
      this.recordFailure(isProbe, error);
      throw new CacheUnavailableError('Redis did not answer', { cause: error });
    }
    this.recordSuccess(isProbe);
    return result;
  }

  private admit(): boolean {
    switch (this.current) {
      case 'closed':
        return true;
      case 'open':
        if (this.now() - this.openedAt < this.options.openMs) return false;
        this.transition('half-open', undefined);
        return true;
      case 'half-open':
        return false;
    }
  }

  // Outcomes of calls admitted before the circuit opened are ignored: only the probe decides.
  private recordSuccess(isProbe: boolean): void {
    this.warmingUp = false;
    if (isProbe) this.transition('closed', undefined);
    if (this.current === 'closed') this.consecutiveFailures = 0;
  }

  private recordFailure(isProbe: boolean, cause: unknown): void {
    if (isProbe) {
      this.open(cause);
    } else if (this.current === 'closed' && !this.warmingUp) {
      this.consecutiveFailures += 1;
      if (this.consecutiveFailures >= this.options.failureThreshold) this.open(cause);
    }
  }

  private open(cause: unknown): void {
    this.openedAt = this.now();
    this.transition('open', cause);
  }

  private transition(state: CircuitState, cause: unknown): void {
    this.current = state;
    this.onStateChange(state, cause);
  }
}
