'use server';

import { type ApiAnswer, type Task } from '@profile/api-contract';
import { createTaskRequestSchema, validate } from '@profile/profile-domain';
import { z } from 'zod';
import { failureState } from '../../../lib/action-failure';
import { cancelTask, retryTask, runTaskNow, scheduleTask } from '../../../lib/api/tasks-api';
import type { ActionState, TaskFormState } from '../../../lib/form-state';
import { shortId } from '../../../lib/format';
import { authorize } from '../../../lib/session/operator';

const taskInput = z.object({ id: z.uuid() });
/** A bulk action on the tasks of one page (a page holds at most 100). */
const bulkInput = z.object({
  intent: z.enum(['cancel', 'retry']),
  ids: z.array(z.uuid()).min(1).max(100),
});
const BULK_CONCURRENCY = 5;

export async function scheduleTaskAction(
  _previous: TaskFormState,
  input: unknown,
): Promise<TaskFormState> {
  const authorization = await authorize('write');
  if (!authorization.ok) return { status: 'failed', message: authorization.message };
  const validated = validate(createTaskRequestSchema, input);
  if (!validated.ok) {
    return { status: 'invalid', message: 'The task needs fixing.', fieldErrors: validated.errors };
  }
  const { type, payload, delayMs, maxAttempts } = validated.value;
  const answer = await scheduleTask(authorization.apiKey, { type, payload, delayMs, maxAttempts });
  if (!answer.ok) return failureState(answer, 'schedule the task');
  return { status: 'scheduled', message: `Scheduled ${answer.data.type}.`, task: answer.data };
}

export async function cancelTaskAction(
  _previous: ActionState,
  input: unknown,
): Promise<ActionState> {
  return taskAction(input, cancelTask, {
    doing: 'cancel the task',
    refused: 'Too late to cancel',
    done: (task) => `Cancelled ${describe(task)}.`,
  });
}

export async function retryTaskAction(
  _previous: ActionState,
  input: unknown,
): Promise<ActionState> {
  return taskAction(input, retryTask, {
    doing: 'retry the task',
    refused: 'Not retried',
    done: (retry) => `Retrying as ${describe(retry)}.`,
  });
}

export async function runTaskNowAction(
  _previous: ActionState,
  input: unknown,
): Promise<ActionState> {
  return taskAction(input, runTaskNow, {
    doing: 'run the task now',
    refused: 'Too late to run it now',
    done: (task) => `${describe(task)} is due now.`,
  });
}

/** Cancels or retries every selected task, a few at a time, and says how each went. */
export async function bulkTaskAction(_previous: ActionState, input: unknown): Promise<ActionState> {
  const authorization = await authorize('write');
  if (!authorization.ok) return { status: 'failed', message: authorization.message };
  const parsed = bulkInput.safeParse(input);
  if (!parsed.success) return { status: 'failed', message: 'The form sent something unexpected.' };
  const { intent, ids } = parsed.data;
  const call = intent === 'cancel' ? cancelTask : retryTask;
  const refusals: string[] = [];
  let done = 0;
  for (let start = 0; start < ids.length; start += BULK_CONCURRENCY) {
    const answers = await Promise.all(
      ids.slice(start, start + BULK_CONCURRENCY).map((id) => call(authorization.apiKey, id)),
    );
    answers.forEach((answer, index) => {
      if (answer.ok) done += 1;
      else refusals.push(`${shortId(ids[start + index])}: ${reasonOf(answer)}`);
    });
  }
  const verb = intent === 'cancel' ? 'Cancelled' : 'Retried';
  const summary = `${verb} ${done} of ${ids.length} ${ids.length === 1 ? 'task' : 'tasks'}.`;
  if (refusals.length === 0) return { status: 'done', message: summary };
  return { status: 'failed', message: `${summary} Not done: ${refusals.join('; ')}` };
}

/** One action on one task; a refusal (409) says why in the api's words. */
async function taskAction(
  input: unknown,
  call: (apiKey: string, id: string) => Promise<ApiAnswer<Task>>,
  words: { doing: string; refused: string; done: (task: Task) => string },
): Promise<ActionState> {
  const authorization = await authorize('write');
  if (!authorization.ok) return { status: 'failed', message: authorization.message };
  const parsed = taskInput.safeParse(input);
  if (!parsed.success) return { status: 'failed', message: 'The form sent something unexpected.' };
  const answer = await call(authorization.apiKey, parsed.data.id);
  if (answer.ok) return { status: 'done', message: words.done(answer.data) };
  if (answer.kind === 'problem' && answer.status === 409) {
    return { status: 'failed', message: `${words.refused}: ${answer.problem.detail}` };
  }
  return failureState(answer, words.doing);
}

function describe(task: Task): string {
  return `${task.type} ${shortId(task.id)}`;
}

function reasonOf(answer: Exclude<ApiAnswer<unknown>, { ok: true }>): string {
  return answer.kind === 'problem' ? answer.problem.detail : answer.message;
}
