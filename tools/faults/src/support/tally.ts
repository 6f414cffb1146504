import type { Answers } from './answers';
import type { FaultStack } from './fault-stack';

/** What a scenario counts. Each list holds the ids (or requests) behind its count. */
export interface Tally {
  /** Writes the api accepted (2xx). */
  accepted: number;
  /** Accepted writes, or their tasks or events, that are nowhere. */
  lost: string[];
  /** Effects that happened more than once: handler runs, welcomes, published events. */
  doubled: string[];
  /** Accepted work not settled when the scenario's time ran out. */
  stuck: string[];
  /** 5xx answers the scenario does not allow. */
  serverErrors: string[];
  /** Reads older than the last acknowledged write (redis-outage). */
  stale?: string[];
}

/** Prints one line per scenario, keeps the details beside its logs, and checks it. */
export function report(stack: FaultStack, tally: Tally, notes: Record<string, unknown> = {}): void {
  const counts = {
    accepted: tally.accepted,
    lost: tally.lost.length,
    doubled: tally.doubled.length,
    stuck: tally.stuck.length,
    '5xx': tally.serverErrors.length,
    ...(tally.stale ? { stale: tally.stale.length } : {}),
  };
  const line = `${stack.scenario}: ${Object.entries(counts)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ')}`;
  process.stdout.write(`\n[faults] ${line}\n`);
  stack.record('tally.json', `${JSON.stringify({ counts, ...tally, notes }, null, 2)}\n`);
  expect(tally.accepted).toBeGreaterThan(0);
  expect({ scenario: stack.scenario, ...counts }).toEqual({
    scenario: stack.scenario,
    accepted: tally.accepted,
    lost: 0,
    doubled: 0,
    stuck: 0,
    '5xx': 0,
    ...(tally.stale ? { stale: 0 } : {}),
  });
}

/** What a scenario's check of the work it got accepted found (see checkTasks, checkProfiles). */
export interface SettledCheck {
  lost: string[];
  doubled: string[];
  stuck: string[];
  /** How long everything took to settle, null if it did not. */
  settledInMs: number | null;
}

/** Reports the answers a scenario's load got and the check of what they accepted, as report does. */
export function reportCheck(
  stack: FaultStack,
  answers: Answers,
  check: SettledCheck,
  notes: Record<string, unknown> = {},
): void {
  report(
    stack,
    {
      accepted: answers.accepted.length,
      lost: check.lost,
      doubled: check.doubled,
      stuck: check.stuck,
      serverErrors: answers.serverErrors,
    },
    { settledInMs: check.settledInMs, ...notes },
  );
}
