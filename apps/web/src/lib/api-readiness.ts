import type { ReadinessReport } from '@profile/profile-domain';
import { webEnvironment } from './web-environment';

export type ApiReadiness =
  | { reachable: true; httpStatus: number; report: ReadinessReport }
  | { reachable: false; reason: string };

/** Reads the api's readiness report from the server side. */
export async function fetchApiReadiness(): Promise<ApiReadiness> {
  const { API_URL, API_TIMEOUT_MS } = webEnvironment();
  try {
    const response = await fetch(new URL('/health/ready', API_URL), {
      cache: 'no-store',
      signal: AbortSignal.timeout(API_TIMEOUT_MS),
    });
    const report = (await response.json()) as ReadinessReport;
    return { reachable: true, httpStatus: response.status, report };
  } catch (error) {
    return { reachable: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
