import 'server-only';
import type {
  ApiAnswer,
  DeadLetterDetail,
  DeadLetterPage,
  DeadLetterReplay,
} from '@profile/api-contract';
import { consoleCall } from './console-call';

export const DEAD_LETTER_PAGE_SIZE = 100;

export function listDeadLetters(apiKey: string): Promise<ApiAnswer<DeadLetterPage>> {
  return consoleCall(apiKey, (api) => api.listDeadLetters({ limit: DEAD_LETTER_PAGE_SIZE }));
}

export function readDeadLetter(
  apiKey: string,
  messageId: string,
): Promise<ApiAnswer<DeadLetterDetail>> {
  return consoleCall(apiKey, (api) => api.readDeadLetter(messageId));
}

export function replayDeadLetter(
  apiKey: string,
  messageId: string,
): Promise<ApiAnswer<DeadLetterReplay>> {
  return consoleCall(apiKey, (api) => api.replayDeadLetter(messageId));
}

export function discardDeadLetter(
  apiKey: string,
  messageId: string,
): Promise<ApiAnswer<undefined>> {
  return consoleCall(apiKey, (api) => api.discardDeadLetter(messageId));
}
