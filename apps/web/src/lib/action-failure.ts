import type { ApiFailure } from './api/api-client';
import type { ActionState } from './form-state';

/** The answer of an action whose api call failed: field errors for a 400 or 409, a message otherwise. */
export function failureState(failure: ApiFailure, doing: string): ActionState {
  if (failure.kind === 'unreachable') {
    return {
      status: 'failed',
      message: `Could not ${doing}: ${failure.message}. Nothing was changed.`,
    };
  }
  const { problem } = failure;
  if (problem.errors && problem.errors.length > 0) {
    return { status: 'invalid', message: problem.detail, fieldErrors: problem.errors };
  }
  const reference = problem.errorId ? ` (error id ${problem.errorId})` : '';
  return { status: 'failed', message: `Could not ${doing}: ${problem.detail}${reference}` };
}
