import type { FieldError } from '@profile/profile-domain';
import { z } from 'zod';

/** Every kind of problem the api answers with; `type` is the URI clients switch on. */
export const PROBLEM_TYPES = {
  'invalid-request': { status: 400, title: 'The request is not valid' },
  unauthenticated: { status: 401, title: 'A valid API key is required' },
  forbidden: { status: 403, title: "The API key's scope does not allow this" },
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'A unique field is already taken' },
  'task-not-cancellable': { status: 409, title: 'The task can no longer be cancelled' },
  'task-not-retryable': { status: 409, title: 'The task cannot be retried' },
  'task-not-runnable': { status: 409, title: 'The task cannot be run now' },
  'attempt-not-claimable': {
    status: 409,
    title: 'The attempt is finished, or not the one the task is on',
  },
  'attempt-held': {
    status: 409,
    title: 'Another delivery holds the attempt while its worker lives',
  },
  'dead-letter-not-replayable': {
    status: 409,
    title: 'The message does not say where it was published',
  },
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
export const PROBLEM_KINDS = Object.keys(PROBLEM_TYPES) as ProblemKind[];

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'urn:profile-api:problem:';

export function problemTypeUri(kind: ProblemKind): string {
  return `${PROBLEM_TYPE_BASE}${kind}`;
}

/** One reason a request was refused: the field (dotted path, '' for the whole body) and why. */
export const fieldErrorSchema = z.object({
  path: z.string().meta({ description: "The field ('' for the whole body)" }),
  message: z.string(),
}) satisfies z.ZodType<FieldError>;

const problemFields = {
  type: z.enum(PROBLEM_KINDS.map(problemTypeUri) as [string, ...string[]]).meta({
    description: PROBLEM_KINDS.map(
      (kind) => `\`${problemTypeUri(kind)}\`: ${PROBLEM_TYPES[kind].title}`,
    ).join('; '),
  }),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  instance: z
    .string()
    .meta({ description: "The request path ('' when the request could not be read)" }),
  requestId: z.string().meta({ description: 'Also in the X-Request-Id header and the logs' }),
  errorId: z.uuid().optional().meta({ description: 'On a 5xx: the id of the logged error' }),
};

/** An RFC 9457 problem details body (`application/problem+json`), as every error is answered. */
export const problemSchema = z.object({
  ...problemFields,
  errors: z.array(fieldErrorSchema).optional(),
});
export type Problem = z.output<typeof problemSchema>;

/** A 400 always names each bad field. */
export const validationProblemSchema = z.object({
  ...problemFields,
  errors: z.array(fieldErrorSchema),
});
