import type { CacheStats } from '@profile/profile-domain';
import { formatRatio } from '../../lib/format';

/** The cache's global counters (kept in Redis by its scripts, so they survive a flush). */
export function CacheStatsPanel({ stats }: { stats: CacheStats }) {
  const lookups = stats.hits + stats.misses;
  const figures: Array<[string, string, string]> = [
    ['Hit ratio', formatRatio(stats.hits, lookups), `${stats.hits} hits of ${lookups} lookups`],
    ['Misses', String(stats.misses), 'read from PostgreSQL and stored'],
    ['Evictions', String(stats.evictions), 'removed to make room (FIFO)'],
    ['Expirations', String(stats.expirations), 'removed when their TTL ran out'],
    ['Writes', String(stats.sets), 'entries stored by fills and updates'],
    ['Invalidations', String(stats.invalidations), 'removed by deletes'],
  ];
  return (
    <section aria-labelledby="stats-heading">
      <h2 id="stats-heading">Statistics</h2>
      <dl className="stats">
        {figures.map(([label, value, explanation]) => (
          <div key={label} className="stat">
            <dt>{label}</dt>
            <dd>
              <span className="stat-value">{value}</span>
              <span className="muted">{explanation}</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
