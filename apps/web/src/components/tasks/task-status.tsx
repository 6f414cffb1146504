import type { TaskStatus } from '@profile/profile-domain';
import { StateBadge } from '../ui/state-badge';

/** Statuses a task can still leave; the others are final. */
export const LIVE_TASK_STATUSES: ReadonlySet<TaskStatus> = new Set([
  'scheduled',
  'queued',
  'running',
]);

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  return <StateBadge state={`task-${status}`} label={status} />;
}
