import { SYSTEM_COMPONENTS, type SystemComponent } from '@profile/api-contract';
import type { Metadata } from 'next';
import { Sparkline } from '../../../../components/charts/sparkline';
import { ApiFailureNotice } from '../../../../components/ui/api-failure-notice';
import { LiveRefresh } from '../../../../components/ui/live-refresh';
import { PageHeader } from '../../../../components/ui/page-header';
import { ScrollingTable } from '../../../../components/ui/scrolling-table';
import { StateBadge } from '../../../../components/ui/state-badge';
import { readMetricsHistory } from '../../../../lib/api/metrics-api';
import { readSystemStatus } from '../../../../lib/api/system-api';
import { allRequests, busiestRoutes, routeName } from '../../../../lib/metrics-charts';
import { formatDateTime } from '../../../../lib/format';
import { requireOperator } from '../../../../lib/session/operator';

export const metadata: Metadata = { title: 'System' };

const COMPONENTS: Record<SystemComponent, { name: string; role: string }> = {
  api: { name: 'API', role: 'REST API; the only writer of PostgreSQL' },
  worker: { name: 'Worker', role: 'runs tasks and audits events (its /health/ready)' },
  postgres: { name: 'PostgreSQL', role: 'profiles, tasks and outbox; the API needs it' },
  redis: { name: 'Redis', role: 'the FIFO cache; without it reads bypass the cache' },
  rabbitmq: {
    name: 'RabbitMQ',
    role: 'task and event delivery; without it work waits in the outbox',
  },
};

export default async function SystemPage() {
  const { apiKey } = await requireOperator();
  const [answer, history] = await Promise.all([
    readSystemStatus(apiKey),
    readMetricsHistory(apiKey),
  ]);
  const [busiest] = history.ok ? busiestRoutes(history.data, 1) : [];
  const now = new Date().toISOString();
  const down = answer.ok
    ? SYSTEM_COMPONENTS.filter((component) => answer.data[component].status !== 'up')
    : [];
  return (
    <>
      <PageHeader title="System" subtitle="The health of the platform, as the API sees it." />
      <LiveRefresh intervalMs={5000} renderedAt={formatDateTime(now)} />
      {history.ok && (
        <div className="sparklines" aria-label="The last hour" role="group">
          <Sparkline series={allRequests(history.data)} format="perSecond" />
          {busiest && (
            <Sparkline
              series={{ name: `p99 of ${routeName(busiest)}`, values: busiest.p99Ms }}
              format="milliseconds"
            />
          )}
        </div>
      )}
      {!answer.ok ? (
        <ApiFailureNotice failure={answer} what="the system status" />
      ) : (
        <>
          <p className={down.length === 0 ? 'summary summary-ok' : 'summary summary-down'}>
            {down.length === 0
              ? 'Everything is up.'
              : `Down: ${down.map((component) => COMPONENTS[component].name).join(', ')}.`}
          </p>
          <ScrollingTable label="Components" columns={['Component', 'State', 'Detail']}>
            {SYSTEM_COMPONENTS.map((component) => {
              const status = answer.data[component];
              return (
                <tr key={component} data-component={component}>
                  <th scope="row">
                    {COMPONENTS[component].name}
                    <span className="muted block">{COMPONENTS[component].role}</span>
                  </th>
                  <td>
                    <StateBadge state={status.status} />
                  </td>
                  <td>{status.message ?? <span className="muted">—</span>}</td>
                </tr>
              );
            })}
          </ScrollingTable>
        </>
      )}
    </>
  );
}
