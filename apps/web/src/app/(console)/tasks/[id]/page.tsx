import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LIVE_TASK_STATUSES, TaskStatusBadge } from '../../../../components/tasks/task-status';
import { ActionButton } from '../../../../components/ui/action-button';
import { ApiFailureNotice } from '../../../../components/ui/api-failure-notice';
import { LiveRefresh } from '../../../../components/ui/live-refresh';
import { PageHeader } from '../../../../components/ui/page-header';
import { readTask } from '../../../../lib/api/tasks-api';
import { formatDateTime, formatRelative, shortId } from '../../../../lib/format';
import { abilitiesOf } from '../../../../lib/scopes';
import { requireOperator } from '../../../../lib/session/operator';
import { cancelTaskAction } from '../actions';

export const metadata: Metadata = { title: 'Task' };

function When({ iso, now }: { iso: string | null; now: number }) {
  if (!iso) return <span className="muted">—</span>;
  return (
    <time dateTime={iso}>
      {formatDateTime(iso)} <span className="muted">({formatRelative(iso, now)})</span>
    </time>
  );
}

export default async function TaskPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { apiKey, operator } = await requireOperator();
  const answer = await readTask(apiKey, id);
  if (!answer.ok && answer.kind === 'problem' && (answer.status === 404 || answer.status === 400)) {
    notFound();
  }
  const now = Date.now();
  const breadcrumb = (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <Link href="/tasks">Tasks</Link> / {shortId(id)}
    </nav>
  );
  if (!answer.ok) {
    return (
      <>
        {breadcrumb}
        <ApiFailureNotice failure={answer} what="this task" />
        <LiveRefresh intervalMs={2000} renderedAt={formatDateTime(new Date(now).toISOString())} />
      </>
    );
  }
  const task = answer.data;
  const live = LIVE_TASK_STATUSES.has(task.status);

  return (
    <>
      {breadcrumb}
      <PageHeader
        title={
          <>
            {task.type} <TaskStatusBadge status={task.status} />
          </>
        }
        subtitle={<code>{task.id}</code>}
        actions={
          abilitiesOf(operator.scope).schedule && (
            <ActionButton
              label="Cancel task"
              pendingLabel="Cancelling…"
              action={cancelTaskAction}
              input={{ id: task.id }}
              available={task.status === 'scheduled'}
            />
          )
        }
      />
      <LiveRefresh
        intervalMs={2000}
        renderedAt={formatDateTime(new Date(now).toISOString())}
        active={live}
      />
      <div className="columns">
        <section aria-labelledby="task-heading" className="panel">
          <h2 id="task-heading">Progress</h2>
          <dl className="fields">
            <dt>Status</dt>
            <dd>
              <TaskStatusBadge status={task.status} />
            </dd>
            <dt>Attempts</dt>
            <dd>
              {task.attempts} of at most {task.maxAttempts}
            </dd>
            <dt>Created</dt>
            <dd>
              <When iso={task.createdAt} now={now} />
            </dd>
            <dt>Runs at</dt>
            <dd>
              <When iso={task.runAt} now={now} />
            </dd>
            <dt>Started</dt>
            <dd>
              <When iso={task.startedAt} now={now} />
            </dd>
            <dt>Finished</dt>
            <dd>
              <When iso={task.finishedAt} now={now} />
            </dd>
          </dl>
        </section>
        <section aria-labelledby="task-data-heading" className="panel">
          <h2 id="task-data-heading">Payload and outcome</h2>
          <h3>Payload</h3>
          <pre className="json">{JSON.stringify(task.payload, null, 2)}</pre>
          <h3>Result</h3>
          {task.result === null || task.result === undefined ? (
            <p className="muted">{live ? 'Not finished yet.' : 'No result.'}</p>
          ) : (
            <pre className="json">{JSON.stringify(task.result, null, 2)}</pre>
          )}
          <h3>Last error</h3>
          {task.lastError ? (
            <pre className="error-text">{task.lastError}</pre>
          ) : (
            <p className="muted">None.</p>
          )}
        </section>
      </div>
    </>
  );
}
