import type { TaskAttempt } from '@profile/api-contract';
import { TASK_STARTED, type TaskResultMessage } from '@profile/profile-domain';
import type { TaskAttemptEntity } from './task-attempt.entity';

/** What an applied result message says of its attempt. */
export type AttemptRecord = Pick<
  TaskAttemptEntity,
  'taskId' | 'attempt' | 'dueAt' | 'startedAt' | 'finishedAt' | 'outcome' | 'error'
>;

/** A result message the api applied, with when its attempt was due. */
export interface AppliedResult {
  message: TaskResultMessage;
  dueAt: Date;
}

/**
 * The attempts that applied results describe, one record per attempt: a batch may carry both the
 * started and the outcome message of an attempt, and an outcome says all a started message does.
 */
export function attemptRecords(applied: readonly AppliedResult[]): AttemptRecord[] {
  const records = new Map<string, AttemptRecord>();
  for (const { message, dueAt } of applied) {
    const { taskId, attempt, startedAt } = message.payload;
    const key = `${taskId}/${attempt}`;
    const known = records.get(key);
    const record: AttemptRecord =
      message.type === TASK_STARTED
        ? {
            taskId,
            attempt,
            dueAt,
            startedAt: new Date(startedAt),
            finishedAt: null,
            outcome: null,
            error: null,
          }
        : {
            taskId,
            attempt,
            dueAt,
            startedAt: new Date(startedAt),
            finishedAt: new Date(message.payload.finishedAt),
            outcome: message.payload.outcome,
            error: message.payload.error ?? null,
          };
    records.set(key, known?.outcome ? known : { ...record, dueAt: known?.dueAt ?? dueAt });
  }
  return [...records.values()];
}

export function toTaskAttempt(entity: TaskAttemptEntity): TaskAttempt {
  const started = entity.startedAt.getTime();
  return {
    attempt: entity.attempt,
    status: entity.outcome ?? 'running',
    dueAt: entity.dueAt.toISOString(),
    startedAt: entity.startedAt.toISOString(),
    finishedAt: entity.finishedAt?.toISOString() ?? null,
    durationMs: entity.finishedAt ? Math.max(0, entity.finishedAt.getTime() - started) : null,
    startLatenessMs: Math.max(0, started - entity.dueAt.getTime()),
    error: entity.error,
  };
}
