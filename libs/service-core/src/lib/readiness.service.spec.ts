import type { DependencyCheck } from '@profile/profile-domain';
import { CHECK_TIMEOUT_MS, ReadinessService, RegisteredCheck } from './readiness.service';
import { ShutdownState } from './shutdown';

const up = (name: string): DependencyCheck => ({ name, check: async () => undefined });
const down = (name: string, reason = 'refused'): DependencyCheck => ({
  name,
  check: async () => {
    throw new Error(reason);
  },
});
const hanging = (name: string): DependencyCheck => ({
  name,
  check: () => new Promise(() => undefined),
});

function readiness(checks: RegisteredCheck[], shutdown = new ShutdownState()) {
  return new ReadinessService(checks, shutdown);
}

describe('ReadinessService', () => {
  it('is ok when every dependency is up', async () => {
    const report = await readiness([
      { check: up('postgres'), critical: true },
      { check: up('redis'), critical: false },
    ]).report();

    expect(report).toEqual({
      status: 'ok',
      shuttingDown: false,
      details: { postgres: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('stays ok when only a non-critical dependency is down, naming it and why', async () => {
    const report = await readiness([
      { check: up('postgres'), critical: true },
      { check: down('redis', 'connection is reconnecting'), critical: false },
    ]).report();

    expect(report.status).toBe('ok');
    expect(report.details['redis']).toEqual({
      status: 'down',
      message: 'connection is reconnecting',
    });
  });

  it('fails when a critical dependency is down', async () => {
    const report = await readiness([
      { check: down('postgres'), critical: true },
      { check: up('redis'), critical: false },
    ]).report();

    expect(report.status).toBe('error');
    expect(report.details['postgres']).toEqual({ status: 'down', message: 'refused' });
  });

  it('fails while shutting down even with every dependency up', async () => {
    const shutdown = new ShutdownState();
    shutdown.begin();

    const report = await readiness([{ check: up('postgres'), critical: true }], shutdown).report();

    expect(report).toMatchObject({ status: 'error', shuttingDown: true });
  });

  it('counts a check that does not answer in time as down', async () => {
    jest.useFakeTimers();
    try {
      const pending = readiness([{ check: hanging('rabbitmq'), critical: true }]).report();
      await jest.advanceTimersByTimeAsync(CHECK_TIMEOUT_MS);

      expect(await pending).toMatchObject({
        status: 'error',
        details: {
          rabbitmq: { status: 'down', message: `no answer within ${CHECK_TIMEOUT_MS} ms` },
        },
      });
    } finally {
      jest.useRealTimers();
    }
  });
});
