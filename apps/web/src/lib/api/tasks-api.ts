import 'server-only';
import type { Task, TaskStatus, TaskType } from '@profile/profile-domain';
import type { ApiResult } from './api-client';
import { consoleCall } from './console-call';

export const TASK_PAGE_SIZE = 25;

export interface TaskPage {
  items: Task[];
  nextCursor: string | null;
}

/** The body of `POST /api/v1/tasks` (DESIGN §3 Tasks). */
export interface TaskRequest {
  type: TaskType;
  payload: unknown;
  delayMs?: number;
  maxAttempts?: number;
}

const taskPath = (id: string) => `/api/v1/tasks/${encodeURIComponent(id)}`;

export function listTasks(
  apiKey: string,
  filter: { status?: TaskStatus; type?: TaskType; cursor?: string },
): Promise<ApiResult<TaskPage>> {
  return consoleCall(apiKey, {
    path: '/api/v1/tasks',
    query: { ...filter, limit: String(TASK_PAGE_SIZE) },
  });
}

export function readTask(apiKey: string, id: string): Promise<ApiResult<Task>> {
  return consoleCall(apiKey, { path: taskPath(id) });
}

export function scheduleTask(apiKey: string, request: TaskRequest): Promise<ApiResult<Task>> {
  return consoleCall(apiKey, { method: 'POST', path: '/api/v1/tasks', body: request });
}

/** 200 while the task was still scheduled; 409 once it has been queued, run or cancelled. */
export function cancelTask(apiKey: string, id: string): Promise<ApiResult<Task>> {
  return consoleCall(apiKey, { method: 'POST', path: `${taskPath(id)}/cancel` });
}
