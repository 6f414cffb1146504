import Link from 'next/link';
import type { CacheOutcome } from '@profile/api-contract';
import type { Provenance } from '../../lib/api/profiles-api';
import { formatMilliseconds } from '../../lib/format';
import { StateBadge } from '../ui/state-badge';

const OUTCOMES: Record<CacheOutcome, string> = {
  HIT: 'Served from the Redis FIFO cache; PostgreSQL was not asked.',
  MISS: 'Not in the cache: read from PostgreSQL, then stored at the newest end of the FIFO.',
  BYPASS:
    'Read from PostgreSQL without the cache: asked for here, or Redis is unavailable (its circuit breaker is open).',
};

const TIMING_NAMES: Record<string, string> = { cache: 'Redis (cache)', db: 'PostgreSQL' };

/** Where a read of a profile came from: the api's X-Cache and Server-Timing headers. */
export function ProvenancePanel({ id, provenance }: { id: string; provenance: Provenance }) {
  return (
    <section aria-labelledby="provenance-heading" className="panel">
      <h2 id="provenance-heading">Where this read came from</h2>
      <p>
        <span className="label">X-Cache</span>{' '}
        {provenance.cache ? (
          <StateBadge state={`cache-${provenance.cache}`} label={provenance.cache} />
        ) : (
          <span className="muted">not reported</span>
        )}{' '}
        {provenance.cache && <span>{OUTCOMES[provenance.cache]}</span>}
      </p>
      <table className="compact">
        <caption className="visually-hidden">Server-Timing of this read</caption>
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col" className="numeric">
              Duration
            </th>
          </tr>
        </thead>
        <tbody>
          {provenance.timings.map((timing) => (
            <tr key={timing.name}>
              <th scope="row">{timing.description ?? TIMING_NAMES[timing.name] ?? timing.name}</th>
              <td className="numeric">
                {timing.durationMs === undefined ? '—' : formatMilliseconds(timing.durationMs)}
              </td>
            </tr>
          ))}
          <tr>
            <th scope="row">Round trip, console to API</th>
            <td className="numeric">{formatMilliseconds(provenance.roundTripMs)}</td>
          </tr>
        </tbody>
      </table>
      <p className="muted">
        ETag <code>{provenance.etag ?? '—'}</code>
        {provenance.requestId && (
          <>
            {' '}
            · request id <code>{provenance.requestId}</code>
          </>
        )}
      </p>
      <p className="button-row">
        <Link href={`/profiles/${id}`} prefetch={false} className="button secondary small">
          Read again through the cache
        </Link>
        <Link
          href={`/profiles/${id}?source=database`}
          prefetch={false}
          className="button secondary small"
        >
          Read from PostgreSQL only
        </Link>
      </p>
    </section>
  );
}
