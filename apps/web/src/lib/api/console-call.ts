import 'server-only';
import { redirect } from 'next/navigation';
import { SESSION_EXPIRED_PATH } from '../session/operator';
import { ApiRequest, ApiResult, callApi } from './api-client';

/**
 * Calls the api on behalf of the signed-in operator. A 401 means the key was revoked since
 * sign-in: the session ends and the operator is sent back to sign in.
 */
export async function consoleCall<T>(apiKey: string, request: ApiRequest): Promise<ApiResult<T>> {
  const answer = await callApi<T>(apiKey, request);
  if (!answer.ok && answer.kind === 'problem' && answer.status === 401) {
    redirect(SESSION_EXPIRED_PATH);
  }
  return answer;
}
