import type { MetricsHistory, RouteHistory } from '@profile/api-contract';
import { taskStatuses } from '@profile/profile-domain';
import type { Metadata } from 'next';
import Link from 'next/link';
import type { ChartSeries } from '../../../../components/charts/chart-series';
import { HistoryChart } from '../../../../components/charts/history-chart';
import { TaskStatusBadge } from '../../../../components/tasks/task-status';
import { ApiFailureNotice } from '../../../../components/ui/api-failure-notice';
import { LiveRefresh } from '../../../../components/ui/live-refresh';
import { PageHeader } from '../../../../components/ui/page-header';
import { readMetricsHistory } from '../../../../lib/api/metrics-api';
import { readTaskStats } from '../../../../lib/api/tasks-api';
import { formatDateTime } from '../../../../lib/format';
import { busiestRoutes, routeName, sourceOf } from '../../../../lib/metrics-charts';
import { requireOperator } from '../../../../lib/session/operator';

export const metadata: Metadata = { title: 'Overview' };

const TOP_ROUTES = 5;

/** One series per busy route, of the figure `pick` reads. */
function byRoute(
  history: MetricsHistory,
  pick: (route: RouteHistory) => ReadonlyArray<number | null>,
): ChartSeries[] {
  return busiestRoutes(history, TOP_ROUTES).map((route) => ({
    name: routeName(route),
    values: pick(route),
  }));
}

export default async function OverviewPage() {
  const { apiKey } = await requireOperator();
  const [history, stats] = await Promise.all([readMetricsHistory(apiKey), readTaskStats(apiKey)]);
  const now = new Date().toISOString();
  return (
    <>
      <PageHeader
        title="Overview"
        subtitle="The last hour, one point per minute; the newest minute is still filling."
      />
      <LiveRefresh intervalMs={10_000} renderedAt={formatDateTime(now)} />
      <section aria-labelledby="task-counts-heading">
        <h2 id="task-counts-heading">Tasks now</h2>
        {stats.ok ? (
          <ul className="status-counts">
            {taskStatuses.map((status) => (
              <li key={status}>
                <Link href={`/tasks?status=${status}`}>
                  <TaskStatusBadge status={status} />{' '}
                  <span className="status-count">{stats.data.byStatus[status]}</span>
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <ApiFailureNotice failure={stats} what="the task counts" />
        )}
      </section>
      {!history.ok ? (
        <ApiFailureNotice failure={history} what="the charts" />
      ) : (
        <>
          <p className="muted">
            {sourceOf(history.data)} {history.data.note}
          </p>
          <div className="chart-grid">
            <HistoryChart
              title="Requests per second, busiest routes"
              minutes={history.data.minutes}
              series={byRoute(history.data, (route) => route.requestsPerSecond)}
              format="perSecond"
            />
            <HistoryChart
              title="Latency p50 by route"
              minutes={history.data.minutes}
              series={byRoute(history.data, (route) => route.p50Ms)}
              format="milliseconds"
            />
            <HistoryChart
              title="Latency p99 by route"
              minutes={history.data.minutes}
              series={byRoute(history.data, (route) => route.p99Ms)}
              format="milliseconds"
            />
            <HistoryChart
              title="Cache hit ratio"
              minutes={history.data.minutes}
              series={[{ name: 'Hit ratio', values: history.data.cache.hitRatio }]}
              format="ratio"
            />
            <HistoryChart
              title="Cache evictions per minute"
              minutes={history.data.minutes}
              series={[{ name: 'Evictions', values: history.data.cache.evictions }]}
              format="count"
            />
            <HistoryChart
              title="Task attempts per minute, by outcome"
              minutes={history.data.minutes}
              series={[
                { name: 'Succeeded', values: history.data.tasks.succeeded },
                { name: 'Failed', values: history.data.tasks.failed },
              ]}
              format="count"
            />
            <HistoryChart
              title="How late task attempts started"
              minutes={history.data.minutes}
              series={[
                { name: 'p50', values: history.data.tasks.startLatenessP50Ms },
                { name: 'p99', values: history.data.tasks.startLatenessP99Ms },
              ]}
              format="milliseconds"
            />
          </div>
        </>
      )}
    </>
  );
}
