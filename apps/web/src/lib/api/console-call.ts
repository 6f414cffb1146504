import 'server-only';
import type { ApiAnswer, ApiClient } from '@profile/api-contract';
import { redirect } from 'next/navigation';
import { SESSION_EXPIRED_PATH } from '../session/operator';
import { apiClient } from './api-client';

/**
 * Calls the api on behalf of the signed-in operator. A 401 means the key was revoked since
 * sign-in: the session ends and the operator is sent back to sign in.
 */
export async function consoleCall<T>(
  apiKey: string,
  call: (api: ApiClient) => Promise<ApiAnswer<T>>,
): Promise<ApiAnswer<T>> {
  const answer = await call(apiClient(apiKey));
  if (!answer.ok && answer.kind === 'problem' && answer.status === 401) {
    redirect(SESSION_EXPIRED_PATH);
  }
  return answer;
}
