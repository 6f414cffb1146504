import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { aProfile as profile } from '../../../test/fixtures';
import { ApiClient } from './api-client';

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Answer = (response: ServerResponse) => void;

/** An HTTP server on a free loopback port that records each request and answers as told. */
class StandInServer {
  readonly seen: Seen[] = [];
  answer: Answer = (response) => response.writeHead(500).end();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<StandInServer> {
    const stand = new StandInServer(createServer());
    stand.server.on('request', (request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        stand.seen.push({
          method: request.method,
          url: request.url,
          headers: request.headers,
          body,
        });
        stand.answer(response);
      });
    });
    await new Promise<void>((resolve) => stand.server.listen(0, '127.0.0.1', resolve));
    return stand;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const json =
  (status: number, body: unknown, contentType = 'application/json'): Answer =>
  (response) =>
    response.writeHead(status, { 'content-type': contentType }).end(JSON.stringify(body));

const problem = {
  type: 'urn:profile-api:problem:precondition-failed',
  title: 'The resource has changed',
  status: 412,
  detail: 'The profile has changed since.',
  instance: `/api/v1/profiles/${profile.id}`,
  requestId: 'r-7',
};

describe('ApiClient', () => {
  let server: StandInServer;
  let client: ApiClient;

  beforeAll(async () => {
    server = await StandInServer.start();
  });

  beforeEach(() => {
    server.seen.length = 0;
    client = new ApiClient({ baseUrl: server.url, apiKey: 'secret-key', timeoutMs: 2000 });
  });

  afterAll(() => server.stop());

  it('sends the key and the query, and parses the answer with the contract', async () => {
    server.answer = json(200, { items: [profile], nextCursor: 'next' });
    const answer = await client.listProfiles({ q: 'ada', limit: 5, cursor: undefined });
    expect(answer).toMatchObject({
      ok: true,
      status: 200,
      data: { items: [profile], nextCursor: 'next' },
    });
    expect(server.seen).toEqual([
      expect.objectContaining({
        method: 'GET',
        url: '/api/v1/profiles?q=ada&limit=5',
        headers: expect.objectContaining({
          authorization: 'Bearer secret-key',
          accept: 'application/json',
        }),
      }),
    ]);
  });

  it('keeps a path prefix of the base URL and encodes ids', async () => {
    server.answer = json(200, profile);
    const prefixed = new ApiClient({ baseUrl: `${server.url}/profile-api`, apiKey: 'k' });
    await prefixed.readProfile('a/b', { bypassCache: true });
    expect(server.seen[0]).toMatchObject({
      url: '/profile-api/api/v1/profiles/a%2Fb',
      headers: expect.objectContaining({ 'cache-control': 'no-cache' }),
    });
  });

  it('sends a JSON body with its preconditions', async () => {
    server.answer = json(200, { ...profile, bio: 'Analyst' });
    const answer = await client.updateProfile(profile.id, { bio: 'Analyst' }, { ifMatch: '"x.1"' });
    expect(answer.ok && answer.data.bio).toBe('Analyst');
    expect(server.seen[0]).toMatchObject({
      method: 'PATCH',
      body: '{"bio":"Analyst"}',
      headers: expect.objectContaining({ 'content-type': 'application/json', 'if-match': '"x.1"' }),
    });
  });

  it('answers an empty 204 as a success without data', async () => {
    server.answer = (response) => response.writeHead(204).end();
    expect(await client.flushCache()).toMatchObject({ ok: true, status: 204, data: undefined });
  });

  it('reads a problem', async () => {
    server.answer = json(412, problem, 'application/problem+json');
    expect(await client.deleteProfile(profile.id, { ifMatch: '"stale"' })).toMatchObject({
      ok: false,
      kind: 'problem',
      status: 412,
      problem,
    });
  });

  it('names the field when a success breaks the contract, without quoting its value', async () => {
    server.answer = json(200, { ...profile, email: 42 });
    const answer = await client.readProfile(profile.id);
    expect(answer).toMatchObject({ ok: false, kind: 'unexpected', status: 200 });
    const message = answer.ok ? '' : 'message' in answer ? answer.message : '';
    expect(message).toMatch(/does not match the contract \(email: /);
    expect(message).not.toContain('42');
  });

  it.each([
    [
      'an error without a problem',
      json(502, '<html>Bad gateway</html>', 'text/html'),
      502,
      /not a problem/,
    ],
    [
      'a body that is not JSON',
      (response: ServerResponse) => response.writeHead(200).end('<html>'),
      200,
      /not JSON/,
    ],
    ['a status the call does not have', json(201, profile), 201, /no such answer/],
  ])('answers %s as unexpected', async (_case, answer, status, message) => {
    server.answer = answer;
    expect(await client.readProfile(profile.id)).toMatchObject({
      ok: false,
      kind: 'unexpected',
      status,
      message: expect.stringMatching(message),
    });
  });

  it('reads the readiness report with 503 as well as 200', async () => {
    const report = {
      status: 'error',
      shuttingDown: false,
      details: { postgres: { status: 'down', message: 'refused' } },
    };
    server.answer = json(503, report);
    expect(await new ApiClient({ baseUrl: server.url }).readiness()).toMatchObject({
      ok: true,
      status: 503,
      data: report,
    });
    expect(server.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('says the api did not answer in time', async () => {
    server.answer = () => undefined;
    const slow = new ApiClient({ baseUrl: server.url, timeoutMs: 50 });
    expect(await slow.whoami()).toEqual({
      ok: false,
      kind: 'unreachable',
      message: 'the API did not answer within 50 ms',
    });
  });

  it('says the api refused the connection', async () => {
    const closed = await StandInServer.start();
    const url = closed.url;
    await closed.stop();
    expect(await new ApiClient({ baseUrl: url }).whoami()).toEqual({
      ok: false,
      kind: 'unreachable',
      message: 'the API refused the connection (is it running?)',
    });
  });
});
