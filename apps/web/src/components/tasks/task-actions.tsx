import type { Task } from '@profile/profile-domain';
import {
  cancelTaskAction,
  retryTaskAction,
  runTaskNowAction,
} from '../../app/(console)/tasks/actions';
import { shortId } from '../../lib/format';
import { ActionButton } from '../ui/action-button';

/**
 * What can be done with a task as it stands: run a scheduled one now or cancel it, retry a failed
 * or cancelled one that has not been retried. Each button stays mounted while the task changes,
 * so that a refusal stays shown; `compact` names the task for screen readers in a list.
 */
export function TaskActions({ task, compact = false }: { task: Task; compact?: boolean }) {
  const named = (verb: string) => (compact ? `${verb} task ${shortId(task.id)}` : undefined);
  const scheduled = task.status === 'scheduled';
  const retryable =
    (task.status === 'failed' || task.status === 'cancelled') && task.retriedAs === null;
  return (
    <span className="button-row task-actions">
      <ActionButton
        label="Run now"
        pendingLabel="Queueing…"
        accessibleLabel={named('Run now')}
        action={runTaskNowAction}
        input={{ id: task.id }}
        available={scheduled}
      />
      <ActionButton
        label="Cancel"
        pendingLabel="Cancelling…"
        accessibleLabel={named('Cancel')}
        action={cancelTaskAction}
        input={{ id: task.id }}
        available={scheduled}
      />
      <ActionButton
        label="Retry"
        pendingLabel="Retrying…"
        accessibleLabel={named('Retry')}
        action={retryTaskAction}
        input={{ id: task.id }}
        available={retryable}
      />
    </span>
  );
}
