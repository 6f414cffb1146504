import type { Metadata } from 'next';
import { CacheLane } from '../../../../components/cache/cache-lane';
import { CacheStatsPanel } from '../../../../components/cache/cache-stats';
import { Sparkline } from '../../../../components/charts/sparkline';
import { ApiFailureNotice } from '../../../../components/ui/api-failure-notice';
import { ConfirmButton } from '../../../../components/ui/confirm-button';
import { LiveRefresh } from '../../../../components/ui/live-refresh';
import { PageHeader } from '../../../../components/ui/page-header';
import { ScopeNotice } from '../../../../components/ui/scope-notice';
import { readCache } from '../../../../lib/api/cache-api';
import { readMetricsHistory } from '../../../../lib/api/metrics-api';
import { formatDateTime } from '../../../../lib/format';
import { abilitiesOf } from '../../../../lib/scopes';
import { requireOperator } from '../../../../lib/session/operator';
import { flushCacheAction } from './actions';

export const metadata: Metadata = { title: 'Cache' };

export default async function CachePage() {
  const { apiKey, operator } = await requireOperator();
  const title = 'Profile cache';
  if (!abilitiesOf(operator.scope).administer) {
    return (
      <>
        <PageHeader title={title} />
        <ScopeNotice operator={operator} required="admin" doing="Viewing the cache" />
      </>
    );
  }
  const [answer, history] = await Promise.all([readCache(apiKey), readMetricsHistory(apiKey)]);
  const now = Date.now();
  return (
    <>
      <PageHeader
        title={title}
        subtitle="The shared Redis FIFO in front of PostgreSQL: reads by id fill it, updates write through, deletes remove."
        actions={
          <ConfirmButton
            label="Flush the cache"
            title="Flush the cache?"
            description={
              <p>
                Every entry is removed; the next read of each profile goes to PostgreSQL. The
                statistics are kept.
              </p>
            }
            confirmLabel="Flush"
            pendingLabel="Flushing…"
            action={flushCacheAction}
            input={null}
            danger
          />
        }
      />
      <LiveRefresh intervalMs={2000} renderedAt={formatDateTime(new Date(now).toISOString())} />
      {history.ok && (
        <div className="sparklines" aria-label="The last hour" role="group">
          <Sparkline
            series={{ name: 'Hit ratio', values: history.data.cache.hitRatio }}
            format="ratio"
          />
          <Sparkline
            series={{ name: 'Evictions/min', values: history.data.cache.evictions }}
            format="count"
          />
        </div>
      )}
      {answer.ok ? (
        <>
          <CacheLane snapshot={answer.data} now={now} />
          <CacheStatsPanel stats={answer.data.stats} />
        </>
      ) : (
        <ApiFailureNotice failure={answer} what="the cache" />
      )}
    </>
  );
}
