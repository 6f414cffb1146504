import 'server-only';
import type { ApiAnswer, SystemStatus } from '@profile/api-contract';
import { consoleCall } from './console-call';

export function readSystemStatus(apiKey: string): Promise<ApiAnswer<SystemStatus>> {
  return consoleCall(apiKey, (api) => api.systemStatus());
}
