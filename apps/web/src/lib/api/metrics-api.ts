import 'server-only';
import type { ApiAnswer, MetricsHistory } from '@profile/api-contract';
import { consoleCall } from './console-call';

/** Per-minute samples of the last hour, for the charts. */
export function readMetricsHistory(apiKey: string): Promise<ApiAnswer<MetricsHistory>> {
  return consoleCall(apiKey, (api) => api.metricsHistory());
}
