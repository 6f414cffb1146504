import { Inject, Injectable } from '@nestjs/common';
import type { DependencyCheck, DependencyStatus, ReadinessReport } from '@profile/profile-domain';
import { ShutdownState } from './shutdown';

export interface RegisteredCheck {
  check: DependencyCheck;
  /** A critical dependency being down makes the service unready; others are only reported. */
  critical: boolean;
}

export const REGISTERED_CHECKS = Symbol('REGISTERED_CHECKS');
export const CHECK_TIMEOUT_MS = 1000;

@Injectable()
export class ReadinessService {
  constructor(
    @Inject(REGISTERED_CHECKS) private readonly checks: readonly RegisteredCheck[],
    private readonly shutdown: ShutdownState,
  ) {}

  async report(): Promise<ReadinessReport> {
    const results = await Promise.all(
      this.checks.map(async ({ check, critical }) => ({
        name: check.name,
        critical,
        status: await probe(check),
      })),
    );
    const criticalDown = results.some(
      ({ critical, status }) => critical && status.status === 'down',
    );
    const shuttingDown = this.shutdown.isShuttingDown;
    return {
      status: criticalDown || shuttingDown ? 'error' : 'ok',
      shuttingDown,
      details: Object.fromEntries(results.map(({ name, status }) => [name, status])),
    };
  }
}

async function probe(check: DependencyCheck): Promise<DependencyStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([check.check(), timeout]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', message: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
