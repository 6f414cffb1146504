import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { ApiFailureNotice } from '../../../../components/ui/api-failure-notice';
import { LiveRefresh } from '../../../../components/ui/live-refresh';
import { PageHeader } from '../../../../components/ui/page-header';
import { ScrollingTable } from '../../../../components/ui/scrolling-table';
import { Truncated } from '../../../../components/ui/truncated';
import { listProfiles } from '../../../../lib/api/profiles-api';
import { formatDateTime } from '../../../../lib/format';
import { abilitiesOf } from '../../../../lib/scopes';
import { single, type SearchParams } from '../../../../lib/search-params';
import { requireOperator } from '../../../../lib/session/operator';

export async function generateMetadata({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}): Promise<Metadata> {
  const q = single((await searchParams)['q'])?.trim();
  return { title: q ? `Profiles matching “${q}”` : 'Profiles' };
}

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
  const now = new Date().toISOString();
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
      <LiveRefresh intervalMs={2000} renderedAt={formatDateTime(now)} />

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
            cards
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
                <td className="card-lead">
                  {/* No prefetch: every read of a profile goes through the FIFO cache. */}
                  <Link href={`/profiles/${profile.id}`} prefetch={false}>
                    <Truncated text={profile.username} />
                  </Link>
                </td>
                <td data-label="Display name">
                  <Truncated text={profile.displayName} />
                </td>
                <td data-label="E-mail">
                  <Truncated text={profile.email} />
                </td>
                <td data-label="Location">
                  {profile.location ? (
                    <Truncated text={profile.location} />
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td data-label="Updated" className="time">
                  <time dateTime={profile.updatedAt}>{formatDateTime(profile.updatedAt)}</time>
                </td>
                <td data-label="Version" className="numeric">
                  {profile.version}
                </td>
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
