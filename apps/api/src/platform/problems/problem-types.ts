import type { FieldError } from '@profile/profile-domain';

/** Every kind of problem the API answers with; `type` is the URI clients switch on. */
export const PROBLEM_TYPES = {
  'invalid-request': { status: 400, title: 'The request is not valid' },
  unauthenticated: { status: 401, title: 'A valid API key is required' },
  forbidden: { status: 403, title: "The API key's scope does not allow this" },
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'A unique field is already taken' },
  'task-not-cancellable': { status: 409, title: 'The task can no longer be cancelled' },
  'precondition-failed': { status: 412, title: 'The resource has changed' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'Only application/json bodies are accepted' },
  'idempotency-key-reused': {
    status: 422,
    title: 'The Idempotency-Key was already used for a different request',
  },
  'rate-limited': { status: 429, title: 'Too many requests' },
  // Any other 4xx the HTTP layer raises (e.g. 408); the problem carries the actual status.
  'client-error': { status: 400, title: 'The request cannot be served' },
  'internal-error': { status: 500, title: 'Internal server error' },
  'service-unavailable': { status: 503, title: 'A dependency is unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemKind = keyof typeof PROBLEM_TYPES;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const PROBLEM_TYPE_BASE = 'urn:profile-api:problem:';

export function problemTypeUri(kind: ProblemKind): string {
  return `${PROBLEM_TYPE_BASE}${kind}`;
}

/** An RFC 9457 problem details body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  errors?: FieldError[];
  errorId?: string;
}
