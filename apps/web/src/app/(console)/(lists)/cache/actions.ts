'use server';

import { failureState } from '../../../../lib/action-failure';
import { flushCache } from '../../../../lib/api/cache-api';
import type { ActionState } from '../../../../lib/form-state';
import { authorize } from '../../../../lib/session/operator';

/** Empties the FIFO (admin only); the statistics survive. */
export async function flushCacheAction(
  _previous: ActionState,
  _input: unknown,
): Promise<ActionState> {
  const authorization = await authorize('admin');
  if (!authorization.ok) return { status: 'failed', message: authorization.message };
  const answer = await flushCache(authorization.apiKey);
  if (!answer.ok) return failureState(answer, 'flush the cache');
  return { status: 'done', message: 'The cache was flushed.' };
}
