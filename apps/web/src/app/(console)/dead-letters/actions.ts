'use server';

import { z } from 'zod';
import { failureState } from '../../../lib/action-failure';
import { discardDeadLetter, replayDeadLetter } from '../../../lib/api/dead-letters-api';
import type { ActionState } from '../../../lib/form-state';
import { shortId } from '../../../lib/format';
import { authorize } from '../../../lib/session/operator';

const messageInput = z.object({ messageId: z.uuid() });

/** Publishes a dead-lettered message again where it was first published (admin). */
export async function replayDeadLetterAction(
  _previous: ActionState,
  input: unknown,
): Promise<ActionState> {
  const authorization = await authorize('admin');
  if (!authorization.ok) return { status: 'failed', message: authorization.message };
  const parsed = messageInput.safeParse(input);
  if (!parsed.success) return { status: 'failed', message: 'The form sent something unexpected.' };
  const { messageId } = parsed.data;
  const answer = await replayDeadLetter(authorization.apiKey, messageId);
  if (!answer.ok) return failureState(answer, 'replay the message');
  const [first] = answer.data.replayed;
  return {
    status: 'navigate',
    location: '/dead-letters',
    notice: `Replayed ${shortId(messageId)} to ${first?.exchange ?? 'its exchange'}.`,
  };
}

/** Removes a dead-lettered message for good (admin), after the dialog asked. */
export async function discardDeadLetterAction(
  _previous: ActionState,
  input: unknown,
): Promise<ActionState> {
  const authorization = await authorize('admin');
  if (!authorization.ok) return { status: 'failed', message: authorization.message };
  const parsed = messageInput.safeParse(input);
  if (!parsed.success) return { status: 'failed', message: 'The form sent something unexpected.' };
  const answer = await discardDeadLetter(authorization.apiKey, parsed.data.messageId);
  if (!answer.ok) return failureState(answer, 'discard the message');
  return {
    status: 'navigate',
    location: '/dead-letters',
    notice: `Discarded ${shortId(parsed.data.messageId)}.`,
  };
}
