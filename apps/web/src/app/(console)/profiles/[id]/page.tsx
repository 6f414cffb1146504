import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { ProvenancePanel } from '../../../../components/profiles/provenance';
import { ApiFailureNotice } from '../../../../components/ui/api-failure-notice';
import { ConfirmButton } from '../../../../components/ui/confirm-button';
import { CopyButton } from '../../../../components/ui/copy-button';
import { PageHeader } from '../../../../components/ui/page-header';
import { readProfile } from '../../../../lib/api/profiles-api';
import { formatDateTime } from '../../../../lib/format';
import { isMissing } from '../../../../lib/missing';
import { abilitiesOf } from '../../../../lib/scopes';
import { single, type SearchParams } from '../../../../lib/search-params';
import { requireOperator } from '../../../../lib/session/operator';
import { deleteProfileAction } from '../actions';

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}

/** One read per request, shared by the title and the page: a read counts in the FIFO's stats. */
const load = cache(async (id: string, source: string | undefined) => {
  const { apiKey } = await requireOperator();
  return readProfile(apiKey, id, { bypassCache: source === 'database' });
});

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const answer = await load(id, single(query['source']));
  if (!answer.ok) return { title: isMissing(answer) ? 'Profile not found' : 'Profile' };
  const { displayName, username } = answer.data.profile;
  return { title: `${displayName} (@${username})` };
}

export default async function ProfilePage({ params, searchParams }: Props) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const { operator } = await requireOperator();
  const answer = await load(id, single(query['source']));
  if (isMissing(answer)) notFound();
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
      <div className="columns">
        <section aria-labelledby="profile-heading" className="panel">
          <h2 id="profile-heading">Profile</h2>
          <dl className="fields">
            <dt>Username</dt>
            <dd className="breakable">{profile.username}</dd>
            <dt>E-mail</dt>
            <dd className="breakable">{profile.email}</dd>
            <dt>Display name</dt>
            <dd className="breakable">{profile.displayName}</dd>
            <dt>Bio</dt>
            <dd className="prewrap breakable">{profile.bio ?? <span className="muted">—</span>}</dd>
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
            <dd className="breakable">{profile.location ?? <span className="muted">—</span>}</dd>
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
            <dd className="with-copy">
              <code>{profile.id}</code> <CopyButton value={profile.id} label="profile id" />
            </dd>
          </dl>
        </section>
        <ProvenancePanel id={profile.id} provenance={provenance} />
      </div>
    </>
  );
}
