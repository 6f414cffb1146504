import type { Answer, FaultStack } from './fault-stack';
import { KEYS } from './fault-stack';
import { settled } from './load';
import { WorkerEffects } from './worker-effects';
import type { Answers } from './answers';
import type { SettledCheck } from './tally';

/** Creates one diagnostic.sleep task with the write key and counts the answer. */
async function createSleepTask(stack: FaultStack, answers: Answers, ms: number): Promise<Answer> {
  const answer = await stack.call('POST', '/api/v1/tasks', {
    key: KEYS.write,
    body: { type: 'diagnostic.sleep', payload: { ms } },
  });
  answers.count('POST /api/v1/tasks', answer, () => String(answer.body?.['id']));
  return answer;
}

/**
 * Creates the `index`th task of a burst: every other one a welcome of one of `profileIds` (whose
 * handler leaves a "welcome sent" line per run), the others a diagnostic.sleep of `ms`.
 */
export async function createBurstTask(
  stack: FaultStack,
  answers: Answers,
  index: number,
  ms: number,
  profileIds: readonly string[],
): Promise<Answer> {
  if (index % 2 === 0) return createSleepTask(stack, answers, ms);
  const answer = await stack.call('POST', '/api/v1/tasks', {
    key: KEYS.write,
    body: {
      type: 'profile.welcome',
      payload: { profileId: profileIds[index % profileIds.length] },
    },
  });
  answers.count('POST /api/v1/tasks', answer, () => String(answer.body?.['id']));
  return answer;
}

export interface TaskCheck extends SettledCheck {
  statuses: Record<string, number>;
}

/**
 * Waits up to `settleMs` for every accepted task to end, then counts: tasks that are nowhere
 * (lost), not ended (stuck), ended otherwise than `expected` allows (lost, with the reason), and
 * the stack's task attempts whose handler finished more than once and tasks that welcomed more
 * than once, those of a scenario's set-up included (doubled).
 */
export async function checkTasks(
  stack: FaultStack,
  ids: readonly string[],
  settleMs: number,
  expected: 'succeeded' | 'settled',
): Promise<TaskCheck> {
  type Row = { id: string; status: string; last_error: string | null };
  let rows: Row[] = [];
  const settledInMs = await settled(async () => {
    rows = await stack.sql<Row>('SELECT id, status, last_error FROM tasks WHERE id = ANY($1)', [
      ids,
    ]);
    return rows.length === ids.length && rows.every((row) => ended(row.status));
  }, settleMs);
  const found = new Map(rows.map((row) => [row.id, row]));
  const statuses: Record<string, number> = {};
  for (const row of rows) statuses[row.status] = (statuses[row.status] ?? 0) + 1;
  const lost = ids.filter((id) => !found.has(id)).map((id) => `task ${id}: not found`);
  for (const row of rows) {
    const failedWithoutReason = row.status === 'failed' && !row.last_error;
    if ((row.status === 'failed' && expected === 'succeeded') || failedWithoutReason)
      lost.push(`task ${row.id}: failed (${row.last_error ?? 'no reason'})`);
  }
  const effects = new WorkerEffects(stack.workerLogs);
  // Doubles are counted from the worker's log lines: none read while tasks ran means unreadable logs.
  if (statuses['succeeded'] && effects.finishedRuns.size === 0)
    throw new Error('no "task attempt finished" line in the worker logs');
  return {
    lost,
    stuck: rows.filter((row) => !ended(row.status)).map((row) => `task ${row.id}: ${row.status}`),
    doubled: effects.doubledRuns(),
    statuses,
    settledInMs,
  };
}

function ended(status: string): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}
