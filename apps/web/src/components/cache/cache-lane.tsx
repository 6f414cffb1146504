import Link from 'next/link';
import type { CacheSnapshot } from '@profile/profile-domain';
import { formatDateTime, formatSpan, shortId } from '../../lib/format';

/**
 * The FIFO lane: entries from the oldest (evicted next) to the newest, then the free slots.
 * Reads do not reorder it; only a fill or a write-through puts an entry at the newest end.
 */
export function CacheLane({ snapshot, now }: { snapshot: CacheSnapshot; now: number }) {
  const free = Math.max(0, snapshot.maxEntries - snapshot.entries.length);
  return (
    <section aria-labelledby="lane-heading">
      <h2 id="lane-heading">
        FIFO lane{' '}
        <span className="muted">
          ({snapshot.size} of {snapshot.maxEntries} entries)
        </span>
      </h2>
      <p className="lane-ends" aria-hidden="true">
        <span>oldest: evicted next</span>
        <span>newest</span>
      </p>
      <ol className="lane" aria-label="Cache entries, oldest first">
        {snapshot.entries.map((entry, index) => {
          const remaining = Date.parse(entry.expiresAt) - now;
          return (
            <li key={entry.key} className="lane-entry">
              <span className="lane-position">
                #{index + 1}
                {index === 0 && snapshot.size >= snapshot.maxEntries && (
                  <span className="badge badge-warning">next out</span>
                )}
              </span>
              <Link href={`/profiles/${entry.id}`} prefetch={false} title={entry.id}>
                <code>{shortId(entry.id)}</code>
              </Link>
              <span>version {entry.version}</span>
              <span>
                TTL <strong>{remaining > 0 ? formatSpan(remaining) : 'expired'}</strong>
              </span>
              <span className="muted">
                in since <time dateTime={entry.insertedAt}>{formatDateTime(entry.insertedAt)}</time>
              </span>
            </li>
          );
        })}
        {Array.from({ length: free }, (_, index) => (
          <li key={`free-${index}`} className="lane-entry lane-free">
            <span className="lane-position">#{snapshot.entries.length + index + 1}</span>
            <span className="muted">free</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
