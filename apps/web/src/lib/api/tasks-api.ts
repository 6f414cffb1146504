import 'server-only';
import type {
  ApiAnswer,
  Task,
  TaskAttempts,
  TaskCreateBody,
  TaskPage,
  TaskStats,
  TaskStatus,
  TaskType,
} from '@profile/api-contract';
import { consoleCall } from './console-call';

export const TASK_PAGE_SIZE = 25;

export function listTasks(
  apiKey: string,
  filter: { status?: TaskStatus; type?: TaskType; cursor?: string },
): Promise<ApiAnswer<TaskPage>> {
  return consoleCall(apiKey, (api) => api.listTasks({ ...filter, limit: TASK_PAGE_SIZE }));
}

export function readTask(apiKey: string, id: string): Promise<ApiAnswer<Task>> {
  return consoleCall(apiKey, (api) => api.readTask(id));
}

export function scheduleTask(apiKey: string, request: TaskCreateBody): Promise<ApiAnswer<Task>> {
  return consoleCall(apiKey, (api) => api.scheduleTask(request));
}

/** 200 while the task was still scheduled; 409 once it has been queued, run or cancelled. */
export function cancelTask(apiKey: string, id: string): Promise<ApiAnswer<Task>> {
  return consoleCall(apiKey, (api) => api.cancelTask(id));
}

/** Tasks per status, in all and per type. */
export function readTaskStats(apiKey: string): Promise<ApiAnswer<TaskStats>> {
  return consoleCall(apiKey, (api) => api.taskStats());
}

export function readTaskAttempts(apiKey: string, id: string): Promise<ApiAnswer<TaskAttempts>> {
  return consoleCall(apiKey, (api) => api.taskAttempts(id));
}

/** 202 with a new task linked to the failed or cancelled one; 409 otherwise or when retried. */
export function retryTask(apiKey: string, id: string): Promise<ApiAnswer<Task>> {
  return consoleCall(apiKey, (api) => api.retryTask(id));
}

/** 200 while the task was still scheduled; 409 once it has been queued, run or cancelled. */
export function runTaskNow(apiKey: string, id: string): Promise<ApiAnswer<Task>> {
  return consoleCall(apiKey, (api) => api.runTaskNow(id));
}
