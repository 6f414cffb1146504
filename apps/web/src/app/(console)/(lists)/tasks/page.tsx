import type { TaskStats } from '@profile/api-contract';
import {
  type Task,
  type TaskStatus,
  taskStatuses,
  type TaskType,
  taskTypes,
} from '@profile/profile-domain';
import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { Sparkline } from '../../../../components/charts/sparkline';
import { BulkTaskForm } from '../../../../components/tasks/bulk-task-form';
import { ScheduleTaskForm } from '../../../../components/tasks/schedule-task-form';
import { TaskActions } from '../../../../components/tasks/task-actions';
import { LIVE_TASK_STATUSES, TaskStatusBadge } from '../../../../components/tasks/task-status';
import { ApiFailureNotice } from '../../../../components/ui/api-failure-notice';
import { CollapsiblePanel } from '../../../../components/ui/collapsible-panel';
import { LiveRefresh } from '../../../../components/ui/live-refresh';
import { PageHeader } from '../../../../components/ui/page-header';
import { ScopeNotice } from '../../../../components/ui/scope-notice';
import { ScrollingTable } from '../../../../components/ui/scrolling-table';
import { readMetricsHistory } from '../../../../lib/api/metrics-api';
import { listTasks, readTaskStats } from '../../../../lib/api/tasks-api';
import { formatDateTime, shortId } from '../../../../lib/format';
import { attemptsEnded } from '../../../../lib/metrics-charts';
import { abilitiesOf } from '../../../../lib/scopes';
import { single, type SearchParams } from '../../../../lib/search-params';
import { requireOperator } from '../../../../lib/session/operator';
import { ROW_CHECKBOX, SELECT_ALL } from '../../../../lib/task-selection';
import { taskWhen } from '../../../../lib/task-when';
import { bulkTaskAction, scheduleTaskAction } from '../../tasks/actions';

const oneOf = <T extends string>(options: readonly T[], value: string | undefined) =>
  options.find((option) => option === value);

interface Props {
  searchParams: Promise<SearchParams>;
}

async function filterOf(searchParams: Props['searchParams']) {
  const params = await searchParams;
  const status: TaskStatus | undefined = oneOf(taskStatuses, single(params['status']));
  const type: TaskType | undefined = oneOf(taskTypes, single(params['type']));
  return { status, type, cursor: single(params['cursor']) };
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { status, type } = await filterOf(searchParams);
  const filter = [type, status].filter(Boolean).join(', ');
  return { title: filter ? `Tasks: ${filter}` : 'Tasks' };
}

export default async function TasksPage({ searchParams }: Props) {
  const { apiKey, operator } = await requireOperator();
  const { status, type, cursor } = await filterOf(searchParams);
  const [answer, stats, history] = await Promise.all([
    listTasks(apiKey, { status, type, cursor }),
    readTaskStats(apiKey),
    readMetricsHistory(apiKey),
  ]);
  const now = Date.now();
  const { schedule } = abilitiesOf(operator.scope);
  const filter = new URLSearchParams({ ...(status ? { status } : {}), ...(type ? { type } : {}) });

  return (
    <>
      <PageHeader
        title="Tasks"
        subtitle="Delayed and asynchronous work the worker runs, newest first."
        actions={
          history.ok && (
            <div className="sparklines">
              <Sparkline series={attemptsEnded(history.data)} format="count" />
              <Sparkline
                series={{
                  name: 'Start lateness p99',
                  values: history.data.tasks.startLatenessP99Ms,
                }}
                format="milliseconds"
              />
            </div>
          )
        }
      />
      {stats.ok ? (
        <StatusCounts stats={stats.data} current={status} type={type} />
      ) : (
        <ApiFailureNotice failure={stats} what="the task counts" />
      )}
      <div className="columns columns-wide-first tasks-layout">
        <section aria-labelledby="task-list-heading">
          <h2 id="task-list-heading">Scheduled and finished tasks</h2>
          <Form action="/tasks" className="filters" aria-label="Filter tasks">
            <div className="field">
              <label htmlFor="filter-status">Status</label>
              <select id="filter-status" name="status" defaultValue={status ?? ''}>
                <option value="">any</option>
                {taskStatuses.map((option) => (
                  <option key={option}>{option}</option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="filter-type">Type</label>
              <select id="filter-type" name="type" defaultValue={type ?? ''}>
                <option value="">any</option>
                {taskTypes.map((option) => (
                  <option key={option}>{option}</option>
                ))}
              </select>
            </div>
            <button type="submit" className="secondary">
              Filter
            </button>
          </Form>
          <LiveRefresh intervalMs={2000} renderedAt={formatDateTime(new Date(now).toISOString())} />
          {!answer.ok ? (
            <ApiFailureNotice failure={answer} what="the tasks" />
          ) : answer.data.items.length === 0 ? (
            <p className="empty">
              {status || type ? 'No task matches the filter.' : 'No tasks yet.'}
            </p>
          ) : (
            <>
              {schedule ? (
                <BulkTaskForm action={bulkTaskAction}>
                  <TaskTable tasks={answer.data.items} now={now} selectable />
                </BulkTaskForm>
              ) : (
                <TaskTable tasks={answer.data.items} now={now} selectable={false} />
              )}
              <nav aria-label="Task pages" className="pagination">
                {cursor && (
                  <Link href={`/tasks?${filter}`} className="button secondary">
                    First page
                  </Link>
                )}
                {answer.data.nextCursor && (
                  <Link
                    href={`/tasks?${new URLSearchParams({ ...Object.fromEntries(filter), cursor: answer.data.nextCursor })}`}
                    className="button secondary"
                  >
                    Next page
                  </Link>
                )}
              </nav>
              {answer.data.items.some((task) => LIVE_TASK_STATUSES.has(task.status)) || (
                <p className="muted">Every task shown has finished.</p>
              )}
            </>
          )}
        </section>
        <aside className="panel schedule-panel">
          {schedule ? (
            <CollapsiblePanel label="Schedule a task">
              <ScheduleTaskForm action={scheduleTaskAction} />
            </CollapsiblePanel>
          ) : (
            <ScopeNotice operator={operator} required="write" doing="Scheduling tasks" />
          )}
        </aside>
      </div>
    </>
  );
}

/** How many tasks are in each status (of the type filtered on), each a link to that filter. */
function StatusCounts({
  stats,
  current,
  type,
}: {
  stats: TaskStats;
  current: TaskStatus | undefined;
  type: TaskType | undefined;
}) {
  const counts = type ? stats.byType[type] : stats.byStatus;
  return (
    <nav aria-label="Tasks by status" className="status-counts-nav">
      <ul className="status-counts">
        {taskStatuses.map((status) => (
          <li key={status}>
            <Link
              href={`/tasks?${new URLSearchParams({ status, ...(type ? { type } : {}) })}`}
              aria-current={status === current ? 'page' : undefined}
            >
              <TaskStatusBadge status={status} />{' '}
              <span className="status-count">{counts[status]}</span>
            </Link>
          </li>
        ))}
      </ul>
      <p className="muted">Counted at {formatDateTime(stats.asOf)}.</p>
    </nav>
  );
}

function TaskTable({
  tasks,
  now,
  selectable,
}: {
  tasks: Task[];
  now: number;
  selectable: boolean;
}) {
  return (
    <ScrollingTable
      label="Tasks"
      cards
      columns={[
        selectable && {
          label: 'Select',
          header: (
            <input type="checkbox" name={SELECT_ALL} aria-label="Select every task on this page" />
          ),
        },
        'Status',
        'Task',
        'Type',
        'When',
        { label: 'Attempts', numeric: true },
        selectable && 'Actions',
      ]}
    >
      {tasks.map((task) => {
        const when = taskWhen(task, now);
        return (
          <tr key={task.id} data-task-id={task.id}>
            {selectable && (
              <td className="select-cell">
                <input
                  type="checkbox"
                  name={ROW_CHECKBOX}
                  value={task.id}
                  aria-label={`Select task ${shortId(task.id)}`}
                />
              </td>
            )}
            <td className="card-lead" data-label="Status">
              <TaskStatusBadge status={task.status} />
            </td>
            <td data-label="Task">
              <Link href={`/tasks/${task.id}`} title={task.id}>
                <code>{shortId(task.id)}</code>
              </Link>
            </td>
            <td data-label="Type">{task.type}</td>
            <td data-label="When" className="time">
              <time
                dateTime={when.iso ?? undefined}
                title={when.iso ? formatDateTime(when.iso) : undefined}
              >
                {when.text}
              </time>
            </td>
            <td data-label="Attempts" className="numeric">
              {task.attempts} / {task.maxAttempts}
            </td>
            {selectable && (
              <td data-label="Actions">
                <TaskActions task={task} compact />
              </td>
            )}
          </tr>
        );
      })}
    </ScrollingTable>
  );
}
