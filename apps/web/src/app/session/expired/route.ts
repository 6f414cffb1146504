import { redirect } from 'next/navigation';
import { whoami } from '../../../lib/session/operator';
import { openSession } from '../../../lib/session/session';

export const dynamic = 'force-dynamic';

/**
 * Where pages send the operator when the api answers 401: the key was revoked. The session ends
 * only once the api confirms it refuses the key, so a link from elsewhere cannot sign anyone out.
 */
export async function GET(): Promise<never> {
  const session = await openSession();
  if (session.apiKey) {
    const answer = await whoami(session.apiKey);
    if (answer.ok || answer.kind !== 'problem' || answer.status !== 401) redirect('/profiles');
    session.destroy();
  }
  redirect('/sign-in?reason=expired');
}
