/** The session cookie's name, shared by the session store and the sign-in redirect of proxy.ts. */
export const SESSION_COOKIE = 'profile_console_session';

/** Sessions last a working day; the operator signs in again after that. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

/** Where a request without a session is sent, remembering the page it asked for. */
export function signInPath(next?: string): string {
  const safe = safeNextPath(next);
  return safe === undefined ? '/sign-in' : `/sign-in?next=${encodeURIComponent(safe)}`;
}

/** `next` when it is a path of this site (so that sign-in cannot redirect elsewhere). */
export function safeNextPath(next: string | undefined | null): string | undefined {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return undefined;
  }
  if (next === '/' || next.startsWith('/sign-in') || next.startsWith('/session')) return undefined;
  return next;
}
