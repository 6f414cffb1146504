import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ProfileForm } from '../../../../../components/profiles/profile-form';
import { ApiFailureNotice } from '../../../../../components/ui/api-failure-notice';
import { PageHeader } from '../../../../../components/ui/page-header';
import { ScopeNotice } from '../../../../../components/ui/scope-notice';
import { readProfile } from '../../../../../lib/api/profiles-api';
import { abilitiesOf } from '../../../../../lib/scopes';
import { requireOperator } from '../../../../../lib/session/operator';
import { updateProfileAction } from '../../actions';

export const metadata: Metadata = { title: 'Edit profile' };

export default async function EditProfilePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { apiKey, operator } = await requireOperator();
  if (!abilitiesOf(operator.scope).edit) {
    return <ScopeNotice operator={operator} required="write" doing="Editing profiles" />;
  }
  // The edit starts from PostgreSQL's current version (and leaves the cache alone).
  const answer = await readProfile(apiKey, id, { bypassCache: true });
  if (!answer.ok && answer.kind === 'problem' && (answer.status === 404 || answer.status === 400)) {
    notFound();
  }
  if (!answer.ok) return <ApiFailureNotice failure={answer} what="this profile" />;
  const { profile, provenance } = answer.data;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/profiles">Profiles</Link> /{' '}
        <Link href={`/profiles/${profile.id}`}>{profile.username}</Link> / Edit
      </nav>
      <PageHeader title={`Edit @${profile.username}`} subtitle={`Version ${profile.version}`} />
      {provenance.etag ? (
        <ProfileForm
          mode="edit"
          action={updateProfileAction}
          profile={profile}
          etag={provenance.etag}
        />
      ) : (
        <p className="alert alert-error" role="alert">
          The API sent no ETag, so a safe edit is not possible.
        </p>
      )}
    </>
  );
}
