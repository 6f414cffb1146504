import type { Problem } from '../problems';

/** An answer the contract allows for the call, parsed with its schema. */
export interface ApiSuccess<T> {
  ok: true;
  status: number;
  data: T;
  headers: Headers;
}

/** The api could not be reached, or did not answer in time. */
export interface ApiUnreachable {
  ok: false;
  kind: 'unreachable';
  /** In an operator's words: a timeout or a refused connection, never a stack. */
  message: string;
}

/** The api refused the call with a problem (RFC 9457). */
export interface ApiProblem {
  ok: false;
  kind: 'problem';
  status: number;
  problem: Problem;
  headers: Headers;
}

/**
 * The api (or something in front of it) answered outside the contract: a status the call does not
 * have, a body that is not JSON, or JSON that its schema refuses. A client built from another
 * version of the contract sees this.
 */
export interface ApiUnexpected {
  ok: false;
  kind: 'unexpected';
  status: number;
  message: string;
  headers: Headers;
}

export type ApiFailure = ApiUnreachable | ApiProblem | ApiUnexpected;
export type ApiAnswer<T> = ApiSuccess<T> | ApiFailure;
