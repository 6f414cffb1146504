'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import type { ActionState } from '../../lib/form-state';
import { whoami } from '../../lib/session/operator';
import { openSession } from '../../lib/session/session';
import { safeNextPath } from '../../lib/session/session-cookie';

const signInInput = z.object({
  apiKey: z
    .string()
    .trim()
    .min(1, 'Enter an API key.')
    .max(512, 'That is too long for an API key.'),
  next: z.string().max(2048).optional(),
});

/** Checks the key with whoami and, when the api accepts it, seals it into the session cookie. */
export async function signInAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const parsed = signInInput.safeParse({
    apiKey: form.get('apiKey') ?? '',
    next: form.get('next') ?? undefined,
  });
  if (!parsed.success) {
    return {
      status: 'invalid',
      message: parsed.error.issues[0]?.message ?? 'Enter an API key.',
      fieldErrors: parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      })),
    };
  }
  const { apiKey, next } = parsed.data;
  const answer = await whoami(apiKey);
  if (!answer.ok) {
    if (answer.kind !== 'problem') {
      return { status: 'failed', message: `Cannot check the key: ${answer.message}.` };
    }
    if (answer.status === 401) {
      return {
        status: 'invalid',
        message: 'The API does not accept this key.',
        fieldErrors: [{ path: 'apiKey', message: 'is not a key the API accepts' }],
      };
    }
    return { status: 'failed', message: `Cannot check the key: ${answer.problem.detail}` };
  }
  const session = await openSession();
  session.apiKey = apiKey;
  session.name = answer.data.name;
  session.scope = answer.data.scope;
  await session.save();
  redirect(safeNextPath(next) ?? '/overview');
}
