import type { ApiFailure } from '@profile/api-contract';
import type { ActionState } from './form-state';

/** The answer of an action whose api call failed: field errors for a 400 or 409, a message otherwise. */
export function failureState(failure: ApiFailure, doing: string): ActionState {
  if (failure.kind === 'unreachable') {
    return {
      status: 'failed',
      message: `Could not ${doing}: ${failure.message}. Nothing was changed.`,
    };
  }
  if (failure.kind === 'unexpected') {
    // The api may have acted before answering in a form the console cannot read.
    return {
      status: 'failed',
      message: `Could not tell whether the API managed to ${doing}: ${failure.message}. Reload to see whether it was done.`,
    };
  }
  const { problem } = failure;
  if (problem.errors && problem.errors.length > 0) {
    return { status: 'invalid', message: problem.detail, fieldErrors: problem.errors };
  }
  const reference = problem.errorId ? ` (error id ${problem.errorId})` : '';
  return { status: 'failed', message: `Could not ${doing}: ${problem.detail}${reference}` };
}
