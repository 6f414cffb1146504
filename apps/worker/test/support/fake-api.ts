import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { freePort } from '@profile/testing';

/** Stands in for the api's `GET /api/v1/profiles/:id` in the worker's own tests. */
export class FakeApi {
  readonly profiles = new Map<string, Record<string, unknown>>();
  readonly requests: Array<{ path: string; headers: IncomingHttpHeaders }> = [];

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
      const profile = api.profiles.get(path.replace('/api/v1/profiles/', ''));
      response.writeHead(profile ? 200 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify(profile ?? { status: 404 }));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return api;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
