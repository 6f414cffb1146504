import type { EarlyProblem } from '@profile/service-core';
import { problemOfStatus, toProblem } from './problem-parts';

/**
 * The api's answer to a request Node refused before any route ran (it timed out, its headers were
 * too large, its framing was broken). Its path is not known, so `instance` is empty.
 */
export const apiEarlyProblem: EarlyProblem = ({ status, requestId }) =>
  JSON.stringify(toProblem(problemOfStatus(status, '', ''), '', requestId));
