import 'server-only';
import { getIronSession, IronSession } from 'iron-session';
import { cookies } from 'next/headers';
import type { ApiScope } from '@profile/api-contract';
import { webEnvironment } from '../web-environment';
import { SESSION_COOKIE, SESSION_TTL_SECONDS } from './session-cookie';

/** What the sealed cookie holds. Only server code reads it; the browser sees ciphertext. */
export interface SessionData {
  apiKey?: string;
  /** The key's name and scope as whoami answered at sign-in. */
  name?: string;
  scope?: ApiScope;
}

/** The session of the current request, sealed with SESSION_SECRET by iron-session. */
export async function openSession(): Promise<IronSession<SessionData>> {
  const { SESSION_SECRET, NODE_ENV } = webEnvironment();
  return getIronSession<SessionData>(await cookies(), {
    cookieName: SESSION_COOKIE,
    password: SESSION_SECRET,
    ttl: SESSION_TTL_SECONDS,
    cookieOptions: {
      httpOnly: true,
      sameSite: 'strict',
      // Browsers also keep Secure cookies from http://localhost, so local production runs work.
      secure: NODE_ENV === 'production',
      path: '/',
    },
  });
}
