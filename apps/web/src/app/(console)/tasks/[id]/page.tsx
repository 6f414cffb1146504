import type { TaskAttempt } from '@profile/api-contract';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { TaskActions } from '../../../../components/tasks/task-actions';
import { LIVE_TASK_STATUSES, TaskStatusBadge } from '../../../../components/tasks/task-status';
import { ApiFailureNotice } from '../../../../components/ui/api-failure-notice';
import { CopyButton } from '../../../../components/ui/copy-button';
import { LiveRefresh } from '../../../../components/ui/live-refresh';
import { PageHeader } from '../../../../components/ui/page-header';
import { StateBadge } from '../../../../components/ui/state-badge';
import { readTask, readTaskAttempts } from '../../../../lib/api/tasks-api';
import {
  formatDateTime,
  formatMilliseconds,
  formatRelative,
  shortId,
} from '../../../../lib/format';
import { isMissing } from '../../../../lib/missing';
import { abilitiesOf } from '../../../../lib/scopes';
import { requireOperator } from '../../../../lib/session/operator';

interface Props {
  params: Promise<{ id: string }>;
}

/** One read per request, shared by the title and the page. */
const load = cache(async (id: string) => {
  const { apiKey } = await requireOperator();
  return readTask(apiKey, id);
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const answer = await load(id);
  if (!answer.ok) return { title: isMissing(answer) ? 'Task not found' : `Task ${shortId(id)}` };
  const task = answer.data;
  return { title: `${task.type} ${shortId(task.id)}: ${task.status}` };
}

function When({ iso, now }: { iso: string | null; now: number }) {
  if (!iso) return <span className="muted">—</span>;
  return (
    <time dateTime={iso} className="time">
      {formatDateTime(iso)} <span className="muted">({formatRelative(iso, now)})</span>
    </time>
  );
}

export default async function TaskPage({ params }: Props) {
  const { id } = await params;
  const { apiKey, operator } = await requireOperator();
  const answer = await load(id);
  if (isMissing(answer)) notFound();
  // Read after the task, not alongside it: the api settles an attempt and its task in one
  // transaction, so attempts read later are never older than the task, and a task shown final
  // (whose page stops refreshing) never shows an attempt still running.
  const attempts = await readTaskAttempts(apiKey, id);
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
        subtitle={
          <span className="with-copy">
            <code>{task.id}</code> <CopyButton value={task.id} label="task id" />
          </span>
        }
        actions={abilitiesOf(operator.scope).schedule && <TaskActions task={task} />}
      />
      <LiveRefresh
        intervalMs={2000}
        renderedAt={formatDateTime(new Date(now).toISOString())}
        active={live}
      />
      {(task.retryOf || task.retriedAs) && (
        <p className="task-links">
          {task.retryOf && (
            <>
              A retry of <Link href={`/tasks/${task.retryOf}`}>task {shortId(task.retryOf)}</Link>
              .{' '}
            </>
          )}
          {task.retriedAs && (
            <>
              Retried as{' '}
              <Link href={`/tasks/${task.retriedAs}`}>task {shortId(task.retriedAs)}</Link>.
            </>
          )}
        </p>
      )}
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
            <dt>{task.status === 'scheduled' ? 'Runs at' : 'Due at'}</dt>
            <dd>
              {task.status === 'cancelled' ? (
                <span className="muted">never: cancelled</span>
              ) : (
                <When iso={task.runAt} now={now} />
              )}
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
      <section aria-labelledby="attempts-heading">
        <h2 id="attempts-heading">Attempts</h2>
        {!attempts.ok ? (
          <ApiFailureNotice failure={attempts} what="the attempts" />
        ) : attempts.data.items.length === 0 ? (
          <p className="empty">No attempt has started yet.</p>
        ) : (
          <ol className="timeline">
            {attempts.data.items.map((attempt) => (
              <AttemptItem key={attempt.attempt} attempt={attempt} />
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

/** One attempt on the timeline: when it was due and started, how it ended, and why it failed. */
function AttemptItem({ attempt }: { attempt: TaskAttempt }) {
  const status = attempt.status === 'running' ? 'task-running' : `task-${attempt.status}`;
  return (
    <li className={`timeline-item timeline-${attempt.status}`} data-attempt={attempt.attempt}>
      <h3>
        Attempt {attempt.attempt} <StateBadge state={status} label={attempt.status} />
      </h3>
      <dl className="fields">
        <dt>Due</dt>
        <dd>
          <time dateTime={attempt.dueAt}>{formatDateTime(attempt.dueAt)}</time>
        </dd>
        <dt>Started</dt>
        <dd>
          <time dateTime={attempt.startedAt}>{formatDateTime(attempt.startedAt)}</time>{' '}
          <span className="muted">({formatMilliseconds(attempt.startLatenessMs)} late)</span>
        </dd>
        <dt>Ended</dt>
        <dd>
          {attempt.finishedAt ? (
            <>
              <time dateTime={attempt.finishedAt}>{formatDateTime(attempt.finishedAt)}</time>{' '}
              <span className="muted">(ran {formatMilliseconds(attempt.durationMs ?? 0)})</span>
            </>
          ) : (
            <span className="muted">still running</span>
          )}
        </dd>
        {attempt.error && (
          <>
            <dt>Error</dt>
            <dd>
              <pre className="error-text">{attempt.error}</pre>
            </dd>
          </>
        )}
      </dl>
    </li>
  );
}
