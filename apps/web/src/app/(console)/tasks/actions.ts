'use server';

import { createTaskRequestSchema, validate } from '@profile/profile-domain';
import { z } from 'zod';
import { failureState } from '../../../lib/action-failure';
import { cancelTask, scheduleTask } from '../../../lib/api/tasks-api';
import type { ActionState, TaskFormState } from '../../../lib/form-state';
import { authorize } from '../../../lib/session/operator';

const cancelInput = z.object({ id: z.uuid() });

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
  const authorization = await authorize('write');
  if (!authorization.ok) return { status: 'failed', message: authorization.message };
  const parsed = cancelInput.safeParse(input);
  if (!parsed.success) return { status: 'failed', message: 'The form sent something unexpected.' };
  const answer = await cancelTask(authorization.apiKey, parsed.data.id);
  if (answer.ok) return { status: 'done', message: 'Cancelled.' };
  if (answer.kind === 'problem' && answer.status === 409) {
    return { status: 'failed', message: `Too late to cancel: ${answer.problem.detail}` };
  }
  return failureState(answer, 'cancel the task');
}
