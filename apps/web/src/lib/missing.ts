import type { ApiAnswer } from '@profile/api-contract';

/** Whether the api said the item does not exist (404), or could not (an id that is not one: 400). */
export function isMissing(answer: ApiAnswer<unknown>): boolean {
  return (
    !answer.ok && answer.kind === 'problem' && (answer.status === 404 || answer.status === 400)
  );
}
