import { redirect } from 'next/navigation';

/** The console opens on the overview; without a session, proxy.ts sends the operator to sign in. */
export default function HomePage(): never {
  redirect('/overview');
}
