import type { Answer } from './fault-stack';

/** How a scenario's requests were answered. */
export class Answers {
  readonly accepted: string[] = [];
  readonly serverErrors: string[] = [];
  /** Answered 503 problem+json with Retry-After (the database is away). */
  unavailable = 0;
  /** Got no answer (the api was down). */
  unanswered = 0;

  constructor(private readonly allow: { unavailable?: boolean; unanswered?: boolean } = {}) {}

  /** Counts one answer; `id` is what it accepted, if it did. */
  count(what: string, answer: Answer, id: () => string): void {
    if (answer.status >= 200 && answer.status < 300) this.accepted.push(id());
    else if (answer.status === 0) {
      this.unanswered += 1;
      if (!this.allow.unanswered) this.serverErrors.push(`${what}: no answer`);
    } else if (answer.status === 503 && this.allow.unavailable && isRetryableProblem(answer)) {
      this.unavailable += 1;
    } else if (answer.status >= 500) {
      this.serverErrors.push(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  }
}

function isRetryableProblem(answer: Answer): boolean {
  return (
    (answer.headers.get('content-type') ?? '').startsWith('application/problem+json') &&
    answer.headers.get('retry-after') !== null
  );
}
