import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { freePort } from '@profile/testing';

const EFFECT = /^\/api\/v1\/tasks\/([^/]+)\/effects\/([^/]+)$/;
const LEASE = /^\/api\/v1\/workers\/([^/]+)\/lease$/;

interface ClaimBatch {
  workerId: string;
  claims: Array<{ taskId: string; attempt: number; deliveryId: string }>;
}

/**
 * Stands in for the api in the worker's own tests: `GET /api/v1/profiles/:id` answers the profiles
 * set, and `POST /api/v1/task-claims` grants every claim (recording it) except those of the tasks
 * in `refusedClaims` (not-claimable) and, while their count lasts, those of the tasks in
 * `heldClaims` (held, retry after 1 s); a batch with a claim of a task in `unavailableClaims` is
 * answered 503 while that count lasts;
 * `PUT /api/v1/audited-events/:id` and `PUT /api/v1/tasks/:id/effects/:effect` answer whether
 * they recorded the event or effect first; the worker lease routes record each call.
 */
export class FakeApi {
  readonly profiles = new Map<string, Record<string, unknown>>();
  readonly requests: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  readonly claims: Array<{
    taskId: string;
    attempt: number;
    deliveryId: string;
    workerId: string;
  }> = [];
  readonly refusedClaims = new Set<string>();
  readonly unavailableClaims = new Map<string, number>();
  readonly heldClaims = new Map<string, number>();
  /** How many claim batches arrived. */
  claimBatches = 0;
  /** The effects recorded, as "<taskId>/<effect>". */
  readonly effects = new Set<string>();
  /** The calls to the worker lease routes, in arrival order. */
  readonly leaseCalls: Array<{ method: string; workerId: string }> = [];
  /** Profile ids whose reads are answered 429 with Retry-After: 1, as many times as each says. */
  readonly throttledReads = new Map<string, number>();
  /** The ids of the profile events recorded as audited. */
  readonly auditedEvents = new Set<string>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeApi> {
    const port = await freePort();
    const server = createServer();
    const api = new FakeApi(server, `http://127.0.0.1:${port}`);
    server.on('request', (request, response) => {
      const path = request.url ?? '';
      api.requests.push({ path, headers: request.headers });
      if (request.method === 'POST' && path === '/api/v1/task-claims') {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          const [status, answer] = api.answerClaims(JSON.parse(body) as ClaimBatch);
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(answer));
        });
        return;
      }
      const audited = /^\/api\/v1\/audited-events\/([^/]+)$/.exec(path);
      if (request.method === 'PUT' && audited) {
        const [, messageId] = audited;
        const firstTime = !api.auditedEvents.has(messageId);
        api.auditedEvents.add(messageId);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ messageId, firstTime }));
        return;
      }
      const effect = EFFECT.exec(path);
      if (request.method === 'PUT' && effect) {
        const [, taskId, name] = effect;
        const firstTime = !api.effects.has(`${taskId}/${name}`);
        api.effects.add(`${taskId}/${name}`);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ taskId, effect: name, firstTime }));
        return;
      }
      const lease = LEASE.exec(path);
      if (lease) {
        const [, workerId] = lease;
        api.leaseCalls.push({ method: request.method ?? '', workerId });
        if (request.method === 'DELETE') {
          response.writeHead(204).end();
          return;
        }
        const expiresAt = new Date(Date.now() + 15_000).toISOString();
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ workerId, expiresAt, renewAfterMs: 5_000 }));
        return;
      }
      const profileId = path.replace('/api/v1/profiles/', '');
      if (countDown(api.throttledReads, profileId)) {
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
        response.end(JSON.stringify({ status: 429 }));
        return;
      }
      const profile = api.profiles.get(profileId);
      response.writeHead(profile ? 200 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(profile ?? { status: 404 }));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return api;
  }

  /** The claims of one task, in arrival order. */
  claimsOf(taskId: string) {
    return this.claims.filter((claim) => claim.taskId === taskId);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private answerClaims({ workerId, claims }: ClaimBatch): [number, unknown] {
    this.claimBatches += 1;
    const unavailable = claims.filter(({ taskId }) => countDown(this.unavailableClaims, taskId));
    if (unavailable.length > 0) return [503, { status: 503, detail: 'database unavailable' }];
    const items = claims.map((claim) => {
      const { taskId, attempt } = claim;
      if (this.refusedClaims.has(taskId)) {
        const detail = `Attempt ${attempt} of task ${taskId} was superseded.`;
        return { ...claim, status: 'not-claimable', detail, retryAfterMs: null };
      }
      if (countDown(this.heldClaims, taskId)) {
        const detail = `Attempt ${attempt} of task ${taskId} is held by another delivery.`;
        return { ...claim, status: 'held', detail, retryAfterMs: 1_000 };
      }
      this.claims.push({ ...claim, workerId });
      return { ...claim, status: 'claimed', detail: null, retryAfterMs: null };
    });
    return [200, { items }];
  }
}

/** True (and one fewer) while `key` has a count left. */
function countDown(counts: Map<string, number>, key: string): boolean {
  const left = counts.get(key) ?? 0;
  if (left > 0) counts.set(key, left - 1);
  return left > 0;
}
