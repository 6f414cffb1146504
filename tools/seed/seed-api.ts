export interface SeedAnswer {
  status: number;
  body: unknown;
}

const MAX_RATE_LIMITED_RETRIES = 5;

/** The api as the seed calls it: JSON in and out, with an API key, waiting out rate limits. */
export class SeedApi {
  constructor(
    readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  async call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<SeedAnswer> {
    for (let attempt = 0; ; attempt += 1) {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.apiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      if (response.status === 429 && attempt < MAX_RATE_LIMITED_RETRIES) {
        const seconds = Number(response.headers.get('retry-after')) || 1;
        console.log(`rate limited by the api: waiting ${seconds} s`);
        await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
        continue;
      }
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    }
  }

  /** The answer's body when it has `status`; otherwise an error naming the call and the problem. */
  async expect<T>(
    status: number,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T> {
    const answer = await this.call(method, path, body, headers);
    if (answer.status !== status) throw unexpected(method, path, answer);
    return answer.body as T;
  }
}

export function unexpected(method: string, path: string, answer: SeedAnswer): Error {
  const problem = answer.body as { title?: string; detail?: string } | undefined;
  return new Error(
    `${method} ${path} answered ${answer.status}: ${problem?.detail ?? problem?.title ?? ''}`,
  );
}
