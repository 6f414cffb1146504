import 'server-only';
import type { DependencyStatus } from '@profile/profile-domain';
import type { ApiResult } from './api-client';
import { consoleCall } from './console-call';

export const SYSTEM_COMPONENTS = ['api', 'worker', 'postgres', 'redis', 'rabbitmq'] as const;
export type SystemComponent = (typeof SYSTEM_COMPONENTS)[number];
export type SystemStatus = Record<SystemComponent, DependencyStatus>;

export function readSystemStatus(apiKey: string): Promise<ApiResult<SystemStatus>> {
  return consoleCall(apiKey, { path: '/api/v1/system' });
}
