import { type TaskStatus, taskStatuses, type TaskType, taskTypes } from '@profile/profile-domain';
import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { ScheduleTaskForm } from '../../../components/tasks/schedule-task-form';
import { LIVE_TASK_STATUSES, TaskStatusBadge } from '../../../components/tasks/task-status';
import { ActionButton } from '../../../components/ui/action-button';
import { ApiFailureNotice } from '../../../components/ui/api-failure-notice';
import { LiveRefresh } from '../../../components/ui/live-refresh';
import { PageHeader } from '../../../components/ui/page-header';
import { ScopeNotice } from '../../../components/ui/scope-notice';
import { ScrollingTable } from '../../../components/ui/scrolling-table';
import { listTasks } from '../../../lib/api/tasks-api';
import { formatDateTime, formatRelative, shortId } from '../../../lib/format';
import { abilitiesOf } from '../../../lib/scopes';
import { single, type SearchParams } from '../../../lib/search-params';
import { requireOperator } from '../../../lib/session/operator';
import { cancelTaskAction, scheduleTaskAction } from './actions';

export const metadata: Metadata = { title: 'Tasks' };

const oneOf = <T extends string>(options: readonly T[], value: string | undefined) =>
  options.find((option) => option === value);

export default async function TasksPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { apiKey, operator } = await requireOperator();
  const params = await searchParams;
  const status: TaskStatus | undefined = oneOf(taskStatuses, single(params['status']));
  const type: TaskType | undefined = oneOf(taskTypes, single(params['type']));
  const cursor = single(params['cursor']);
  const answer = await listTasks(apiKey, { status, type, cursor });
  const now = Date.now();
  const { schedule } = abilitiesOf(operator.scope);
  const filter = new URLSearchParams({ ...(status ? { status } : {}), ...(type ? { type } : {}) });

  return (
    <>
      <PageHeader
        title="Tasks"
        subtitle="Delayed and asynchronous work the worker runs, newest first."
      />
      <div className="columns columns-wide-first">
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
              <ScrollingTable
                label="Tasks"
                columns={[
                  'Task',
                  'Type',
                  'Status',
                  'Runs',
                  { label: 'Attempts', numeric: true },
                  schedule && 'Action',
                ]}
              >
                {answer.data.items.map((task) => (
                  <tr key={task.id} data-task-id={task.id}>
                    <td>
                      <Link href={`/tasks/${task.id}`} title={task.id}>
                        <code>{shortId(task.id)}</code>
                      </Link>
                    </td>
                    <td>{task.type}</td>
                    <td>
                      <TaskStatusBadge status={task.status} />
                    </td>
                    <td>
                      <time dateTime={task.runAt} title={formatDateTime(task.runAt)}>
                        {formatRelative(task.runAt, now)}
                      </time>
                    </td>
                    <td className="numeric">
                      {task.attempts} / {task.maxAttempts}
                    </td>
                    {schedule && (
                      <td>
                        <ActionButton
                          label="Cancel"
                          pendingLabel="Cancelling…"
                          accessibleLabel={`Cancel task ${shortId(task.id)}`}
                          action={cancelTaskAction}
                          input={{ id: task.id }}
                          available={task.status === 'scheduled'}
                        />
                      </td>
                    )}
                  </tr>
                ))}
              </ScrollingTable>
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
        <aside className="panel">
          {schedule ? (
            <ScheduleTaskForm action={scheduleTaskAction} />
          ) : (
            <ScopeNotice operator={operator} required="write" doing="Scheduling tasks" />
          )}
        </aside>
      </div>
    </>
  );
}
