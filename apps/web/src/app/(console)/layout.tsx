import type { ReactNode } from 'react';
import { ConsoleNav, type NavItem } from '../../components/ui/console-nav';
import { Masthead } from '../../components/ui/masthead';
import { ToastRegion } from '../../components/ui/toasts';
import { abilitiesOf } from '../../lib/scopes';
import { requireOperator } from '../../lib/session/operator';
import { signOutAction } from '../session-actions';

export const dynamic = 'force-dynamic';

/** Every page behind sign-in: the navigation follows the key's scope. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const { operator, verified } = await requireOperator();
  const { administer } = abilitiesOf(operator.scope);
  const items: NavItem[] = [
    { href: '/overview', label: 'Overview' },
    { href: '/profiles', label: 'Profiles' },
    { href: '/tasks', label: 'Tasks' },
    ...(administer
      ? [
          { href: '/dead-letters', label: 'Dead letters' },
          { href: '/cache', label: 'Cache' },
        ]
      : []),
    { href: '/system', label: 'System' },
  ];
  return (
    <>
      <Masthead>
        <ConsoleNav items={items} />
        <div className="operator">
          <span>
            <span className="visually-hidden">Signed in as </span>
            <strong>{operator.name}</strong>{' '}
            <span className={`badge badge-scope-${operator.scope}`}>{operator.scope}</span>
            {!verified && <span className="muted"> (not confirmed: the API did not answer)</span>}
          </span>
          <form action={signOutAction}>
            <button type="submit" className="secondary small">
              Sign out
            </button>
          </form>
        </div>
      </Masthead>
      <ToastRegion>
        <main id="content">{children}</main>
      </ToastRegion>
    </>
  );
}
