import type { Task } from '@profile/profile-domain';
import {
  cancelTaskAction,
  retryTaskAction,
  runTaskNowAction,
} from '../../app/(console)/tasks/actions';
import { shortId } from '../../lib/format';
import { ActionButton } from '../ui/action-button';

const ACTIONS = [
  {
    label: 'Run now',
    pendingLabel: 'Queueing…',
    action: runTaskNowAction,
    available: (task: Task) => task.status === 'scheduled',
  },
  {
    label: 'Cancel',
    pendingLabel: 'Cancelling…',
    action: cancelTaskAction,
    available: (task: Task) => task.status === 'scheduled',
  },
  {
    label: 'Retry',
    pendingLabel: 'Retrying…',
    action: retryTaskAction,
    available: (task: Task) =>
      (task.status === 'failed' || task.status === 'cancelled') && task.retriedAs === null,
  },
];

/**
 * What can be done with a task as it stands: run a scheduled one now or cancel it, retry a failed
 * or cancelled one that has not been retried. Each button stays mounted while the task changes,
 * so that a refusal stays shown; `compact` names the task for screen readers in a list.
 */
export function TaskActions({ task, compact = false }: { task: Task; compact?: boolean }) {
  return (
    <span className="button-row task-actions">
      {ACTIONS.map(({ label, pendingLabel, action, available }) => (
        <ActionButton
          key={label}
          label={label}
          pendingLabel={pendingLabel}
          accessibleLabel={compact ? `${label} task ${shortId(task.id)}` : undefined}
          action={action}
          input={{ id: task.id }}
          available={available(task)}
        />
      ))}
    </span>
  );
}
