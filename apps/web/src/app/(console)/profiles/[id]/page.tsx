import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ProvenancePanel } from '../../../../components/profiles/provenance';
import { ApiFailureNotice } from '../../../../components/ui/api-failure-notice';
import { ConfirmButton } from '../../../../components/ui/confirm-button';
import { Notice } from '../../../../components/ui/notice';
import { PageHeader } from '../../../../components/ui/page-header';
import { readProfile } from '../../../../lib/api/profiles-api';
import { formatDateTime } from '../../../../lib/format';
import { abilitiesOf } from '../../../../lib/scopes';
import { single, type SearchParams } from '../../../../lib/search-params';
import { requireOperator } from '../../../../lib/session/operator';
import { deleteProfileAction } from '../actions';

export const metadata: Metadata = { title: 'Profile' };

const NOTICES: Record<string, string> = {
  created: 'The profile was created.',
  saved: 'Your changes were saved.',
};

export default async function ProfilePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const { apiKey, operator } = await requireOperator();
  const answer = await readProfile(apiKey, id, {
    bypassCache: single(query['source']) === 'database',
  });
  if (!answer.ok && answer.kind === 'problem' && (answer.status === 404 || answer.status === 400)) {
    notFound();
  }
  const breadcrumb = (current: string) => (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <Link href="/profiles">Profiles</Link> / {current}
    </nav>
  );
  if (!answer.ok) {
    return (
      <>
        {breadcrumb('Profile')}
        <ApiFailureNotice failure={answer} what="this profile" />
      </>
    );
  }
  const { profile, provenance } = answer.data;
  const { edit } = abilitiesOf(operator.scope);

  return (
    <>
      {breadcrumb(profile.username)}
      <PageHeader
        title={profile.displayName}
        subtitle={`@${profile.username}`}
        actions={
          edit &&
          provenance.etag && (
            <>
              <Link className="button" href={`/profiles/${profile.id}/edit`}>
                Edit
              </Link>
              <ConfirmButton
                label="Delete"
                title={`Delete @${profile.username}?`}
                description={
                  <p>
                    The profile is removed from PostgreSQL and the cache, and its pending tasks are
                    cancelled. This cannot be undone.
                  </p>
                }
                confirmLabel="Delete profile"
                pendingLabel="Deleting…"
                action={deleteProfileAction}
                input={{ id: profile.id, etag: provenance.etag }}
                danger
              />
            </>
          )
        }
      />
      <Notice message={NOTICES[single(query['notice']) ?? '']} />
      <div className="columns">
        <section aria-labelledby="profile-heading" className="panel">
          <h2 id="profile-heading">Profile</h2>
          <dl className="fields">
            <dt>Username</dt>
            <dd>{profile.username}</dd>
            <dt>E-mail</dt>
            <dd>{profile.email}</dd>
            <dt>Display name</dt>
            <dd>{profile.displayName}</dd>
            <dt>Bio</dt>
            <dd className="prewrap">{profile.bio ?? <span className="muted">—</span>}</dd>
            <dt>Avatar URL</dt>
            <dd className="breakable">
              {profile.avatarUrl ? (
                <a href={profile.avatarUrl} rel="noopener noreferrer nofollow" target="_blank">
                  {profile.avatarUrl}
                </a>
              ) : (
                <span className="muted">—</span>
              )}
            </dd>
            <dt>Location</dt>
            <dd>{profile.location ?? <span className="muted">—</span>}</dd>
            <dt>Version</dt>
            <dd>{profile.version}</dd>
            <dt>Created</dt>
            <dd>
              <time dateTime={profile.createdAt}>{formatDateTime(profile.createdAt)}</time>
            </dd>
            <dt>Updated</dt>
            <dd>
              <time dateTime={profile.updatedAt}>{formatDateTime(profile.updatedAt)}</time>
            </dd>
            <dt>Id</dt>
            <dd>
              <code>{profile.id}</code>
            </dd>
          </dl>
        </section>
        <ProvenancePanel id={profile.id} provenance={provenance} />
      </div>
    </>
  );
}
