import type { ReadinessReport } from '@profile/api-contract';
import { apiClient } from './api/api-client';

export type ApiReadiness =
  | { reachable: true; httpStatus: number; report: ReadinessReport }
  | { reachable: false; reason: string };

/** Reads the api's readiness report from the server side. */
export async function fetchApiReadiness(): Promise<ApiReadiness> {
  const answer = await apiClient().readiness();
  if (answer.ok) return { reachable: true, httpStatus: answer.status, report: answer.data };
  return {
    reachable: false,
    reason: answer.kind === 'problem' ? answer.problem.detail : answer.message,
  };
}
