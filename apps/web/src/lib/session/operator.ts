import 'server-only';
import {
  type ApiAnswer,
  type ApiScope,
  isApiScope,
  scopeAllows,
  type WhoAmI,
} from '@profile/api-contract';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { apiClient } from '../api/api-client';
import { openSession } from './session';

/** Who is signed in: the key's name and scope, never the key itself. */
export type Operator = WhoAmI;

export interface SignedIn {
  /** For server code calling the api; never handed to a client component. */
  apiKey: string;
  operator: Operator;
  /** False when the api could not confirm the key just now (the scope is the one seen at sign-in). */
  verified: boolean;
}

/** A route handler that ends a session whose key the api no longer accepts. */
export const SESSION_EXPIRED_PATH = '/session/expired';

/** `GET /api/v1/auth/whoami` with a key. */
export function whoami(apiKey: string): Promise<ApiAnswer<Operator>> {
  return apiClient(apiKey).whoami();
}

const isUnauthenticated = (answer: ApiAnswer<unknown>) =>
  !answer.ok && answer.kind === 'problem' && answer.status === 401;

/**
 * The operator of this request, checked with whoami once per request (layout and page share it).
 * Without a session it redirects to sign-in; when the api refuses the key, to SESSION_EXPIRED_PATH.
 */
export const requireOperator = cache(async (): Promise<SignedIn> => {
  const session = await openSession();
  const { apiKey } = session;
  if (!apiKey) redirect('/sign-in');
  const answer = await whoami(apiKey);
  if (answer.ok) return { apiKey, operator: answer.data, verified: true };
  if (isUnauthenticated(answer)) redirect(SESSION_EXPIRED_PATH);
  // The api is down or busy: show what sign-in saw; every call still carries the key, so the
  // api decides what is allowed.
  const scope = isApiScope(session.scope) ? session.scope : 'read';
  return { apiKey, operator: { name: session.name ?? 'unknown', scope }, verified: false };
});

export type Authorization =
  { ok: true; apiKey: string; operator: Operator } | { ok: false; message: string };

export function refusal(required: ApiScope, operator: Operator): string {
  return `Refused: this needs a key with the ${required} scope, and “${operator.name}” has ${operator.scope}. Nothing was changed.`;
}

/**
 * For server actions, which anyone can post: asks the api who the session's key is right now and
 * refuses unless its scope allows `required`, before anything is sent on the key's behalf.
 */
export async function authorize(required: ApiScope): Promise<Authorization> {
  const { apiKey } = await openSession();
  if (!apiKey) redirect('/sign-in');
  const answer = await whoami(apiKey);
  if (!answer.ok) {
    if (isUnauthenticated(answer)) redirect(SESSION_EXPIRED_PATH);
    const reason = answer.kind === 'problem' ? answer.problem.detail : answer.message;
    return { ok: false, message: `Nothing was changed: ${reason.replace(/\.$/, '')}.` };
  }
  if (!scopeAllows(answer.data.scope, required)) {
    return { ok: false, message: refusal(required, answer.data) };
  }
  return { ok: true, apiKey, operator: answer.data };
}
