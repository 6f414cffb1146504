import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { Masthead } from '../../components/ui/masthead';
import { single, type SearchParams } from '../../lib/search-params';
import { openSession } from '../../lib/session/session';
import { safeNextPath } from '../../lib/session/session-cookie';
import { ApiReachability } from './api-reachability';
import { signInAction } from './actions';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

const REASONS: Record<string, string> = {
  'signed-out': 'You are signed out.',
  expired: 'The API no longer accepts the key you signed in with. Sign in again with a valid key.',
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  const next = safeNextPath(single(params['next']));
  const reason = REASONS[single(params['reason']) ?? ''];
  const session = await openSession();
  const signedInAs = reason ? undefined : session.name;
  return (
    <>
      <Masthead />
      <main id="content" className="narrow">
        <h1>Sign in</h1>
        {reason && (
          <p className="alert alert-info" role="status">
            {reason}
          </p>
        )}
        {signedInAs && (
          <p className="alert alert-info" role="status">
            You are signed in as “{signedInAs}”. <Link href={next ?? '/overview'}>Continue</Link> or
            sign in with another key.
          </p>
        )}
        <SignInForm action={signInAction} next={next} />
        <Suspense fallback={<p className="muted">Checking the API…</p>}>
          <ApiReachability />
        </Suspense>
      </main>
    </>
  );
}
