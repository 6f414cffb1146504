import {
  cacheSnapshotSchema,
  type CacheSnapshot,
  type createTaskRequestSchema,
  type Profile,
  type profileCreateSchema,
  type profilePatchSchema,
  profileSchema,
  type ReadinessReport,
  type Task,
  taskSchema,
} from '@profile/profile-domain';
import { z } from 'zod';
import {
  type DeadLetterDetail,
  deadLetterDetailSchema,
  type DeadLetterListQuery,
  type DeadLetterPage,
  deadLetterPageSchema,
  type DeadLetterReplay,
  deadLetterReplaySchema,
} from '../dead-letters';
import { type MetricsHistory, metricsHistorySchema } from '../metrics-history';
import { problemSchema } from '../problems';
import { type ProfileListQuery, type ProfilePage, profilePageSchema } from '../profiles';
import { type WhoAmI, whoAmISchema } from '../scopes';
import { readinessSchema, type SystemStatus, systemStatusSchema } from '../system';
import {
  type TaskAttempts,
  taskAttemptsSchema,
  type TaskListQuery,
  type TaskPage,
  taskPageSchema,
  type TaskStats,
  taskStatsSchema,
} from '../tasks';
import type { ApiAnswer, ApiFailure } from './api-answer';

export interface ApiClientOptions {
  /** Where the api answers, e.g. `http://localhost:30080` (a path prefix is kept). */
  baseUrl: string | URL;
  /** The secret of a key in the api's `API_KEYS`; the health routes need none. */
  apiKey?: string;
  /** How long a call may take before it counts as unreachable; 10 000 ms when not given. */
  timeoutMs?: number;
  /** The fetch to call; the global one when not given. */
  fetch?: typeof globalThis.fetch;
}

export interface CallOptions {
  /** Aborts the call; it then answers `unreachable`. */
  signal?: AbortSignal;
}

export interface ReadProfileOptions extends CallOptions {
  /** Read PostgreSQL past the cache (`Cache-Control: no-cache`); the answer says `X-Cache: BYPASS`. */
  bypassCache?: boolean;
}

export interface PreconditionOptions extends CallOptions {
  /** The ETag the change is based on: the api refuses it with 412 once the profile has moved on. */
  ifMatch?: string;
}

export interface IdempotentCallOptions extends CallOptions {
  /** Replays of the same body with the same key answer what the first call created (kept 24 h). */
  idempotencyKey?: string;
}

export type ProfileCreateBody = z.input<typeof profileCreateSchema>;
export type ProfilePatchBody = z.input<typeof profilePatchSchema>;
export type TaskCreateBody = z.input<typeof createTaskRequestSchema>;

interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string | undefined>;
  signal?: AbortSignal;
}

/** The statuses that answer a call successfully, each with the schema of its body. */
type Answers<T> = Partial<Record<number, z.ZodType<T>>>;

const DEFAULT_TIMEOUT_MS = 10_000;
const noBody = z.undefined();

/**
 * A typed client of the api's v1 HTTP contract. Every answer is parsed with the contract's schema;
 * no method throws for a failed call: each resolves to an `ApiAnswer` that says what happened.
 */
export class ApiClient {
  private readonly baseUrl: URL;
  private readonly fetch: typeof globalThis.fetch;

  constructor(private readonly options: ApiClientOptions) {
    const base = new URL(options.baseUrl);
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.baseUrl = base;
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** `GET /api/v1/auth/whoami` (read): the calling key's name and scope. */
  whoami(options: CallOptions = {}): Promise<ApiAnswer<WhoAmI>> {
    return this.call(
      { method: 'GET', path: 'api/v1/auth/whoami', ...options },
      { 200: whoAmISchema },
    );
  }

  /** `GET /api/v1/profiles` (read): a page, newest first; `q` searches. */
  listProfiles(
    query: ProfileListQuery = {},
    options: CallOptions = {},
  ): Promise<ApiAnswer<ProfilePage>> {
    return this.call(
      { method: 'GET', path: 'api/v1/profiles', query, ...options },
      { 200: profilePageSchema },
    );
  }

  /** `GET /api/v1/profiles/:id` (read), through the cache; `cacheOutcomeOf(answer.headers)` says how. */
  readProfile(
    id: string,
    { bypassCache = false, signal }: ReadProfileOptions = {},
  ): Promise<ApiAnswer<Profile>> {
    return this.call(
      {
        method: 'GET',
        path: profilePath(id),
        headers: { 'cache-control': bypassCache ? 'no-cache' : undefined },
        signal,
      },
      { 200: profileSchema },
    );
  }

  /** `POST /api/v1/profiles` (write). */
  createProfile(
    body: ProfileCreateBody,
    { idempotencyKey, signal }: IdempotentCallOptions = {},
  ): Promise<ApiAnswer<Profile>> {
    return this.call(
      {
        method: 'POST',
        path: 'api/v1/profiles',
        body,
        headers: { 'idempotency-key': idempotencyKey },
        signal,
      },
      { 201: profileSchema },
    );
  }

  /** `PATCH /api/v1/profiles/:id` (write): a JSON merge patch; null clears an optional field. */
  updateProfile(
    id: string,
    patch: ProfilePatchBody,
    { ifMatch, signal }: PreconditionOptions = {},
  ): Promise<ApiAnswer<Profile>> {
    return this.call(
      {
        method: 'PATCH',
        path: profilePath(id),
        body: patch,
        headers: { 'if-match': ifMatch },
        signal,
      },
      { 200: profileSchema },
    );
  }

  /** `DELETE /api/v1/profiles/:id` (write). */
  deleteProfile(
    id: string,
    { ifMatch, signal }: PreconditionOptions = {},
  ): Promise<ApiAnswer<undefined>> {
    return this.call(
      { method: 'DELETE', path: profilePath(id), headers: { 'if-match': ifMatch }, signal },
      { 204: noBody },
    );
  }

  /** `GET /api/v1/tasks` (read): a page, newest first, filtered by status and type. */
  listTasks(query: TaskListQuery = {}, options: CallOptions = {}): Promise<ApiAnswer<TaskPage>> {
    return this.call(
      { method: 'GET', path: 'api/v1/tasks', query, ...options },
      { 200: taskPageSchema },
    );
  }

  /** `GET /api/v1/tasks/stats` (read): tasks per status, in all and per type. */
  taskStats(options: CallOptions = {}): Promise<ApiAnswer<TaskStats>> {
    return this.call(
      { method: 'GET', path: 'api/v1/tasks/stats', ...options },
      { 200: taskStatsSchema },
    );
  }

  /** `GET /api/v1/tasks/:id` (read). */
  readTask(id: string, options: CallOptions = {}): Promise<ApiAnswer<Task>> {
    return this.call({ method: 'GET', path: taskPath(id), ...options }, { 200: taskSchema });
  }

  /** `POST /api/v1/tasks` (write): 202 with the scheduled task. */
  scheduleTask(
    request: TaskCreateBody,
    { idempotencyKey, signal }: IdempotentCallOptions = {},
  ): Promise<ApiAnswer<Task>> {
    return this.call(
      {
        method: 'POST',
        path: 'api/v1/tasks',
        body: request,
        headers: { 'idempotency-key': idempotencyKey },
        signal,
      },
      { 202: taskSchema },
    );
  }

  /** `POST /api/v1/tasks/:id/cancel` (write): 409 once the task is no longer scheduled. */
  cancelTask(id: string, options: CallOptions = {}): Promise<ApiAnswer<Task>> {
    return this.call(
      { method: 'POST', path: `${taskPath(id)}/cancel`, ...options },
      { 200: taskSchema },
    );
  }

  /**
   * `POST /api/v1/tasks/:id/retry` (write): a failed or cancelled task runs again as a new task
   * (202, its `retryOf` names the original); 409 when the task is not finished that way or was
   * retried already.
   */
  retryTask(id: string, options: CallOptions = {}): Promise<ApiAnswer<Task>> {
    return this.call(
      { method: 'POST', path: `${taskPath(id)}/retry`, ...options },
      { 202: taskSchema },
    );
  }

  /** `POST /api/v1/tasks/:id/run-now` (write): a scheduled task is due now; 409 otherwise. */
  runTaskNow(id: string, options: CallOptions = {}): Promise<ApiAnswer<Task>> {
    return this.call(
      { method: 'POST', path: `${taskPath(id)}/run-now`, ...options },
      { 200: taskSchema },
    );
  }

  /** `GET /api/v1/tasks/:id/attempts` (read): each attempt's start, end, outcome and error. */
  taskAttempts(id: string, options: CallOptions = {}): Promise<ApiAnswer<TaskAttempts>> {
    return this.call(
      { method: 'GET', path: `${taskPath(id)}/attempts`, ...options },
      { 200: taskAttemptsSchema },
    );
  }

  /** `GET /api/v1/dead-letters` (admin): the first messages of the dead-letter queues. */
  listDeadLetters(
    query: DeadLetterListQuery = {},
    options: CallOptions = {},
  ): Promise<ApiAnswer<DeadLetterPage>> {
    return this.call(
      { method: 'GET', path: 'api/v1/dead-letters', query, ...options },
      { 200: deadLetterPageSchema },
    );
  }

  /** `GET /api/v1/dead-letters/:messageId` (admin): the message with its headers and body. */
  readDeadLetter(
    messageId: string,
    options: CallOptions = {},
  ): Promise<ApiAnswer<DeadLetterDetail>> {
    return this.call(
      { method: 'GET', path: deadLetterPath(messageId), ...options },
      { 200: deadLetterDetailSchema },
    );
  }

  /** `POST /api/v1/dead-letters/:messageId/replay` (admin): republished where it was first sent. */
  replayDeadLetter(
    messageId: string,
    options: CallOptions = {},
  ): Promise<ApiAnswer<DeadLetterReplay>> {
    return this.call(
      { method: 'POST', path: `${deadLetterPath(messageId)}/replay`, ...options },
      { 200: deadLetterReplaySchema },
    );
  }

  /** `DELETE /api/v1/dead-letters/:messageId` (admin): removes it for good. */
  discardDeadLetter(messageId: string, options: CallOptions = {}): Promise<ApiAnswer<undefined>> {
    return this.call(
      { method: 'DELETE', path: deadLetterPath(messageId), ...options },
      { 204: noBody },
    );
  }

  /** `GET /api/v1/metrics/history` (read): per-minute samples of the last hour. */
  metricsHistory(options: CallOptions = {}): Promise<ApiAnswer<MetricsHistory>> {
    return this.call(
      { method: 'GET', path: 'api/v1/metrics/history', ...options },
      { 200: metricsHistorySchema },
    );
  }

  /** `GET /api/v1/cache` (admin): the FIFO's entries, oldest first, and its stats. */
  readCache(options: CallOptions = {}): Promise<ApiAnswer<CacheSnapshot>> {
    return this.call(
      { method: 'GET', path: 'api/v1/cache', ...options },
      { 200: cacheSnapshotSchema },
    );
  }

  /** `DELETE /api/v1/cache` (admin): empties the cache. */
  flushCache(options: CallOptions = {}): Promise<ApiAnswer<undefined>> {
    return this.call({ method: 'DELETE', path: 'api/v1/cache', ...options }, { 204: noBody });
  }

  /** `GET /api/v1/system` (read): api, worker, PostgreSQL, Redis and RabbitMQ, up or down. */
  systemStatus(options: CallOptions = {}): Promise<ApiAnswer<SystemStatus>> {
    return this.call(
      { method: 'GET', path: 'api/v1/system', ...options },
      { 200: systemStatusSchema },
    );
  }

  /** `GET /health/ready` (no key): the readiness report, with 200 or, when not ready, 503. */
  readiness(options: CallOptions = {}): Promise<ApiAnswer<ReadinessReport>> {
    return this.call(
      { method: 'GET', path: 'health/ready', ...options },
      { 200: readinessSchema, 503: readinessSchema },
    );
  }

  private async call<T>(call: Call, answers: Answers<T>): Promise<ApiAnswer<T>> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(this.urlOf(call), {
        method: call.method,
        headers: this.headersOf(call),
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: call.signal ? AbortSignal.any([call.signal, timeout]) : timeout,
      });
      text = await response.text();
    } catch (error) {
      return {
        ok: false,
        kind: 'unreachable',
        message: describeNetworkError(error, timeoutMs, call.signal),
      };
    }
    const { status, headers } = response;
    const schema = answers[status];
    if (!schema && status < 400) {
      return unexpected(response, 'the contract has no such answer to this call');
    }
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      return unexpected(response, 'its body is not JSON');
    }
    if (schema) {
      const parsed = schema.safeParse(body);
      if (parsed.success) return { ok: true, status, data: parsed.data, headers };
      return unexpected(
        response,
        `its body does not match the contract (${issuesOf(parsed.error)})`,
      );
    }
    const problem = problemSchema.safeParse(body);
    if (problem.success) {
      return { ok: false, kind: 'problem', status, problem: problem.data, headers };
    }
    return unexpected(response, 'its body is not a problem of the contract');
  }

  private urlOf({ path, query = {} }: Call): URL {
    const url = new URL(path, this.baseUrl);
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
    }
    return url;
  }

  private headersOf({ body, headers = {} }: Call): Record<string, string> {
    const all: Record<string, string | undefined> = {
      accept: 'application/json',
      authorization:
        this.options.apiKey === undefined ? undefined : `Bearer ${this.options.apiKey}`,
      'content-type': body === undefined ? undefined : 'application/json',
      ...headers,
    };
    return Object.fromEntries(
      Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
  }
}

const profilePath = (id: string) => `api/v1/profiles/${encodeURIComponent(id)}`;
const taskPath = (id: string) => `api/v1/tasks/${encodeURIComponent(id)}`;
const deadLetterPath = (messageId: string) =>
  `api/v1/dead-letters/${encodeURIComponent(messageId)}`;

function unexpected(response: Response, why: string): ApiFailure {
  return {
    ok: false,
    kind: 'unexpected',
    status: response.status,
    message: `the API answered HTTP ${response.status}, but ${why}`,
    headers: response.headers,
  };
}

/** The first few issues, by path: enough to tell which field broke the contract, never a value. */
function issuesOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`)
    .join('; ');
}

/** Words for an operator: a timeout or a refused connection, never a stack. */
function describeNetworkError(error: unknown, timeoutMs: number, signal?: AbortSignal): string {
  if (signal?.aborted) return 'the call was cancelled';
  // Duck-typed: fetch may raise its errors from another realm than the caller's `Error`.
  const { name, cause } = (error ?? {}) as { name?: unknown; cause?: { code?: unknown } };
  if (name === 'TimeoutError' || name === 'AbortError') {
    return `the API did not answer within ${timeoutMs} ms`;
  }
  switch (cause?.code) {
    case 'ECONNREFUSED':
      return 'the API refused the connection (is it running?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the API’s host name does not resolve';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection to the API broke off';
    default:
      return 'the API cannot be reached';
  }
}
