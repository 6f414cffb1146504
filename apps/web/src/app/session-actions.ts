'use server';

import { redirect } from 'next/navigation';
import { openSession } from '../lib/session/session';

/** Ends the session: the cookie is cleared and the key forgotten. */
export async function signOutAction(): Promise<void> {
  const session = await openSession();
  session.destroy();
  redirect('/sign-in?reason=signed-out');
}
