'use server';

import type { ApiAnswer } from '@profile/api-contract';
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
  return deadLetterAction(input, replayDeadLetter, 'replay the message', (messageId, replay) => {
    const exchange = replay.replayed[0]?.exchange ?? 'its exchange';
    return `Replayed ${shortId(messageId)} to ${exchange}.`;
  });
}

/** Removes a dead-lettered message for good (admin), after the dialog asked. */
export async function discardDeadLetterAction(
  _previous: ActionState,
  input: unknown,
): Promise<ActionState> {
  return deadLetterAction(
    input,
    discardDeadLetter,
    'discard the message',
    (messageId) => `Discarded ${shortId(messageId)}.`,
  );
}

/** One admin action on one message; done, the operator goes back to the list with a toast. */
async function deadLetterAction<T>(
  input: unknown,
  call: (apiKey: string, messageId: string) => Promise<ApiAnswer<T>>,
  doing: string,
  done: (messageId: string, data: T) => string,
): Promise<ActionState> {
  const authorization = await authorize('admin');
  if (!authorization.ok) return { status: 'failed', message: authorization.message };
  const parsed = messageInput.safeParse(input);
  if (!parsed.success) return { status: 'failed', message: 'The form sent something unexpected.' };
  const { messageId } = parsed.data;
  const answer = await call(authorization.apiKey, messageId);
  if (!answer.ok) return failureState(answer, doing);
  return { status: 'navigate', location: '/dead-letters', notice: done(messageId, answer.data) };
}
