import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { ApiFailureNotice } from '../../../components/ui/api-failure-notice';
import { Notice } from '../../../components/ui/notice';
import { PageHeader } from '../../../components/ui/page-header';
import { ScrollingTable } from '../../../components/ui/scrolling-table';
import { listProfiles } from '../../../lib/api/profiles-api';
import { formatDateTime } from '../../../lib/format';
import { abilitiesOf } from '../../../lib/scopes';
import { single, type SearchParams } from '../../../lib/search-params';
import { requireOperator } from '../../../lib/session/operator';

export const metadata: Metadata = { title: 'Profiles' };

const NOTICES: Record<string, string> = { deleted: 'The profile was deleted.' };

export default async function ProfilesPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const { apiKey, operator } = await requireOperator();
  const params = await searchParams;
  const q = single(params['q'])?.trim() ?? '';
  const cursor = single(params['cursor']);
  const answer = await listProfiles(apiKey, { q, cursor });
  const { edit } = abilitiesOf(operator.scope);
  const pageLink = (next: string | undefined) =>
    `/profiles?${new URLSearchParams({ ...(q ? { q } : {}), ...(next ? { cursor: next } : {}) })}`;

  return (
    <>
      <PageHeader
        title="Profiles"
        subtitle="Newest first. Search matches username, display name and e-mail."
        actions={
          edit && (
            <Link className="button" href="/profiles/new">
              New profile
            </Link>
          )
        }
      />
      <Notice message={NOTICES[single(params['notice']) ?? '']} />
      <Form action="/profiles" role="search" className="search">
        <label htmlFor="profile-search">Search profiles</label>
        <input
          id="profile-search"
          name="q"
          type="search"
          defaultValue={q}
          maxLength={100}
          placeholder="username, name or e-mail"
        />
        <button type="submit">Search</button>
        {q && (
          <Link href="/profiles" className="button secondary">
            Clear
          </Link>
        )}
      </Form>

      {!answer.ok ? (
        <ApiFailureNotice failure={answer} what="the profiles" />
      ) : answer.data.items.length === 0 ? (
        <p className="empty">
          {q
            ? `No profile matches “${q}”.`
            : cursor
              ? 'No more profiles.'
              : 'There are no profiles yet.'}{' '}
          {edit && !q && !cursor && <Link href="/profiles/new">Create the first one</Link>}
        </p>
      ) : (
        <>
          <ScrollingTable
            label="Profiles"
            columns={[
              'Username',
              'Display name',
              'E-mail',
              'Location',
              'Updated',
              { label: 'Version', numeric: true },
            ]}
          >
            {answer.data.items.map((profile) => (
              <tr key={profile.id}>
                <td>
                  {/* No prefetch: every read of a profile goes through the FIFO cache. */}
                  <Link href={`/profiles/${profile.id}`} prefetch={false}>
                    {profile.username}
                  </Link>
                </td>
                <td>{profile.displayName}</td>
                <td>{profile.email}</td>
                <td>{profile.location ?? <span className="muted">—</span>}</td>
                <td>
                  <time dateTime={profile.updatedAt}>{formatDateTime(profile.updatedAt)}</time>
                </td>
                <td className="numeric">{profile.version}</td>
              </tr>
            ))}
          </ScrollingTable>
          <nav aria-label="Profile pages" className="pagination">
            {cursor && (
              <Link href={pageLink(undefined)} className="button secondary">
                First page
              </Link>
            )}
            {answer.data.nextCursor && (
              <Link href={pageLink(answer.data.nextCursor)} className="button secondary">
                Next page
              </Link>
            )}
          </nav>
        </>
      )}
    </>
  );
}
