import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE, signInPath } from './lib/session/session-cookie';

/**
 * Sends a request without a session cookie to sign in, remembering the page it asked for. Whether
 * the cookie is genuine and its key still valid is checked by the pages and actions themselves.
 */
export function proxy(request: NextRequest): NextResponse {
  if (request.cookies.has(SESSION_COOKIE)) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  return NextResponse.redirect(new URL(signInPath(`${pathname}${search}`), request.nextUrl));
}

export const config = {
  // Everything but sign-in, the session routes, the liveness probe, Next's assets and the icon.
  matcher: ['/((?!sign-in|session/|healthz|_next/|icon\\.svg|favicon\\.ico).*)'],
};
