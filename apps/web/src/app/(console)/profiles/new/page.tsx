import type { Metadata } from 'next';
import Link from 'next/link';
import { ProfileForm } from '../../../../components/profiles/profile-form';
import { PageHeader } from '../../../../components/ui/page-header';
import { abilitiesOf } from '../../../../lib/scopes';
import { requireOperator } from '../../../../lib/session/operator';
import { ScopeNotice } from '../../../../components/ui/scope-notice';
import { createProfileAction } from '../actions';

export const metadata: Metadata = { title: 'New profile' };

export default async function NewProfilePage() {
  const { operator } = await requireOperator();
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/profiles">Profiles</Link> / New
      </nav>
      <PageHeader title="New profile" />
      {abilitiesOf(operator.scope).edit ? (
        <ProfileForm mode="create" action={createProfileAction} />
      ) : (
        <ScopeNotice operator={operator} required="write" doing="Creating profiles" />
      )}
    </>
  );
}
