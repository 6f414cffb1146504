import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { freePort } from '@profile/testing';

const CLAIM = /^\/api\/v1\/tasks\/([^/]+)\/attempts\/(\d+)\/claim$/;

/**
 * Stands in for the api in the worker's own tests: `GET /api/v1/profiles/:id` answers the profiles
 * set, and `POST /api/v1/tasks/:id/attempts/:attempt/claim` grants every claim (recording it)
 * except those of the tasks in `refusedClaims` (409) and, while their count lasts, those of the
 * tasks in `unavailableClaims` (503); `PUT /api/v1/audited-events/:id` answers whether an event
 * was recorded for the first time.
 */
export class FakeApi {
  readonly profiles = new Map<string, Record<string, unknown>>();
  readonly requests: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  readonly claims: Array<{ taskId: string; attempt: number; deliveryId: string }> = [];
  readonly refusedClaims = new Set<string>();
  readonly unavailableClaims = new Map<string, number>();
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
      const claim = CLAIM.exec(path);
      if (request.method === 'POST' && claim) {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          const [, taskId, attempt] = claim;
          const [status, answer] = api.answerClaim(taskId, Number(attempt), body);
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
      const profileId = path.replace('/api/v1/profiles/', '');
      const throttled = api.throttledReads.get(profileId) ?? 0;
      if (throttled > 0) {
        api.throttledReads.set(profileId, throttled - 1);
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

  private answerClaim(taskId: string, attempt: number, body: string): [number, unknown] {
    const unavailable = this.unavailableClaims.get(taskId) ?? 0;
    if (unavailable > 0) {
      this.unavailableClaims.set(taskId, unavailable - 1);
      return [503, { status: 503, detail: 'database unavailable' }];
    }
    if (this.refusedClaims.has(taskId)) {
      return [409, { status: 409, detail: `Attempt ${attempt} of task ${taskId} was superseded.` }];
    }
    const { deliveryId } = JSON.parse(body) as { deliveryId: string };
    this.claims.push({ taskId, attempt, deliveryId });
    return [200, { id: taskId, status: 'running', attempts: attempt }];
  }
}
