import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { ProfileForm } from '../../../../../components/profiles/profile-form';
import { ApiFailureNotice } from '../../../../../components/ui/api-failure-notice';
import { ScopeNotice } from '../../../../../components/ui/scope-notice';
import { readProfile } from '../../../../../lib/api/profiles-api';
import { isMissing } from '../../../../../lib/missing';
import { abilitiesOf } from '../../../../../lib/scopes';
import { requireOperator } from '../../../../../lib/session/operator';
import { updateProfileAction } from '../../actions';

interface Props {
  params: Promise<{ id: string }>;
}

/** The edit starts from PostgreSQL's current version (and leaves the cache alone); read once. */
const load = cache(async (id: string) => {
  const { apiKey } = await requireOperator();
  return readProfile(apiKey, id, { bypassCache: true });
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { operator } = await requireOperator();
  if (!abilitiesOf(operator.scope).edit) return { title: 'Edit profile' };
  const answer = await load((await params).id);
  if (!answer.ok) return { title: isMissing(answer) ? 'Profile not found' : 'Edit profile' };
  return { title: `Edit @${answer.data.profile.username}` };
}

export default async function EditProfilePage({ params }: Props) {
  const { id } = await params;
  const { operator } = await requireOperator();
  if (!abilitiesOf(operator.scope).edit) {
    return <ScopeNotice operator={operator} required="write" doing="Editing profiles" />;
  }
  const answer = await load(id);
  if (isMissing(answer)) notFound();
  if (!answer.ok) return <ApiFailureNotice failure={answer} what="this profile" />;
  const { profile, provenance } = answer.data;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/profiles">Profiles</Link> /{' '}
        <Link href={`/profiles/${profile.id}`}>{profile.username}</Link> / Edit
      </nav>
      {provenance.etag ? (
        <ProfileForm
          mode="edit"
          title={`Edit @${profile.username}`}
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
