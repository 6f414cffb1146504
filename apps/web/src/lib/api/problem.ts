import type { FieldError } from '@profile/profile-domain';

/** An RFC 9457 problem as the api answers errors (DESIGN §3), read defensively. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId?: string;
  errorId?: string;
  errors?: FieldError[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldErrorsOf(value: unknown): FieldError[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.flatMap((entry) =>
    isRecord(entry) && typeof entry['path'] === 'string' && typeof entry['message'] === 'string'
      ? [{ path: entry['path'], message: entry['message'] }]
      : [],
  );
}

const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);

/** The problem in an error answer's body; any other body becomes a problem naming the status. */
export function parseProblem(status: number, body: string): Problem {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const fallback = `The API answered with HTTP ${status}.`;
  if (!isRecord(parsed)) return { type: 'about:blank', title: fallback, status, detail: fallback };
  return {
    type: text(parsed['type'], 'about:blank'),
    title: text(parsed['title'], fallback),
    status,
    detail: text(parsed['detail'], text(parsed['title'], fallback)),
    requestId: typeof parsed['requestId'] === 'string' ? parsed['requestId'] : undefined,
    errorId: typeof parsed['errorId'] === 'string' ? parsed['errorId'] : undefined,
    errors: fieldErrorsOf(parsed['errors']),
  };
}
