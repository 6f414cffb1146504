import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { createConnection } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { Profile } from '@profile/profile-domain';
import { eventually, POSTGRES_PORT, TcpProxy } from '@profile/testing';
import { ApiUnderTest, KEYS, newProfile } from './support/api-under-test';

/** A cursor of the lists' own format whose time JavaScript reads but PostgreSQL refuses. */
const OUT_OF_RANGE_CURSOR = Buffer.from(
  JSON.stringify(['-010000-01-01T00:00:00.000Z', randomUUID()]),
).toString('base64url');

const problemOf = (status: number) => ({
  type: expect.stringMatching(/^urn:profile-api:problem:/),
  status,
  requestId: expect.any(String),
});

/** Sends raw bytes on a connection of its own and answers everything the server sent back. */
async function rawExchange(port: number, bytes: string): Promise<string> {
  const socket = createConnection(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  const closed = new Promise((resolve) => socket.once('close', resolve));
  socket.write(bytes);
  await closed;
  return received;
}

function parseRawAnswer(raw: string) {
  const [head, body] = raw.split('\r\n\r\n', 2);
  const [statusLine, ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) as unknown };
}

describe('the HTTP edge (process with HTTP_REQUEST_TIMEOUT_MS=1000)', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await ApiUnderTest.start('http_edge', { HTTP_REQUEST_TIMEOUT_MS: '1000' });
  });

  afterAll(async () => {
    await api?.stop();
  });

  it.each(['/api/v1/profiles', '/api/v1/tasks'])(
    'answers a cursor with a year PostgreSQL cannot store with a 400 on %s',
    async (path) => {
      const answer = await api.call('GET', `${path}?cursor=${OUT_OF_RANGE_CURSOR}`);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        ...problemOf(400),
        type: 'urn:profile-api:problem:invalid-request',
        errors: [{ path: 'cursor', message: expect.any(String) }],
      });
    },
  );

  it('refuses a task payload nested 6,000 arrays deep with a 400, storing nothing', async () => {
    const depth = 6_000;
    const body = `{"type":"diagnostic.sleep","payload":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const answer = await api.call('POST', '/api/v1/tasks', { as: 'write', body });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      ...problemOf(400),
      errors: [{ path: '', message: expect.stringContaining('32 deep') }],
    });
    expect(await api.sql('SELECT id FROM tasks')).toEqual([]);
    expect(api.logs).not.toMatch(/Maximum call stack|RangeError/);
  });

  it.each([
    ['a gzip body that is not gzip', 'gzip', JSON.stringify(newProfile())],
    ['a real gzip body', 'gzip', gzipSync(JSON.stringify(newProfile()))],
    ['a deflate body', 'deflate', JSON.stringify(newProfile())],
  ])('refuses %s with 415 and stores nothing', async (_case, coding, body) => {
    const answer = await fetch(`${api.baseUrl}/api/v1/profiles`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${KEYS.write}`,
        'content-type': 'application/json',
        'content-encoding': coding,
      },
      body,
    });

    expect(answer.status).toBe(415);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.headers.get('accept-encoding')).toBe('identity');
    expect(await answer.json()).toMatchObject({
      ...problemOf(415),
      type: 'urn:profile-api:problem:unsupported-media-type',
    });
    expect(await api.sql('SELECT id FROM profiles')).toEqual([]);
  });

  it('refuses a body that is not UTF-8 with a 400', async () => {
    const answer = await fetch(`${api.baseUrl}/api/v1/profiles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.write}`, 'content-type': 'application/json' },
      body: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      ...problemOf(400),
      errors: [{ path: '', message: 'must be valid UTF-8' }],
    });
  });

  it('answers a request that does not arrive in time with a 408 problem and its request id', async () => {
    const raw = await rawExchange(
      Number(new URL(api.baseUrl).port),
      'POST /api/v1/profiles HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\n' +
        'Content-Length: 100\r\n\r\n{',
    );
    const answer = parseRawAnswer(raw);

    expect(answer.status).toBe(408);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.headers['connection']).toBe('close');
    expect(answer.body).toMatchObject({
      ...problemOf(408),
      type: 'urn:profile-api:problem:client-error',
      requestId: answer.headers['x-request-id'],
    });
  });

  it('answers headers too large with a 431 problem', async () => {
    const raw = await rawExchange(
      Number(new URL(api.baseUrl).port),
      `GET /health/live HTTP/1.1\r\nHost: api\r\nX-Filler: ${'x'.repeat(20_000)}\r\n\r\n`,
    );
    const answer = parseRawAnswer(raw);

    expect(answer.status).toBe(431);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.body).toMatchObject(problemOf(431));
  });

  describe('Idempotency-Key on POST /api/v1/profiles', () => {
    const create = (body: unknown, key: string, as: 'write' | 'admin' = 'write') =>
      api.call('POST', '/api/v1/profiles', { as, body, headers: { 'idempotency-key': key } });

    it('replays the profile the first request created for the same body, in any key order', async () => {
      const key = `profile-${randomUUID()}`;
      const body = newProfile();
      const first = await create(body, key);
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const again = await create(reordered, key);

      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.json()).toEqual(first.json());
      expect(again.headers.get('location')).toBe(first.headers.get('location'));
      expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
      const id = first.json<Profile>().id;
      expect(await api.sql('SELECT id FROM profiles WHERE id = $1', [id])).toHaveLength(1);
      // The replay caused nothing: one event and one welcome, as for any new profile.
      const welcomes = await api.sql(
        `SELECT id FROM tasks WHERE profile_id = $1 AND type = 'profile.welcome'`,
        [id],
      );
      expect(welcomes).toHaveLength(1);
    });

    it('answers the same key with another body with a 422, creating nothing', async () => {
      const key = `profile-${randomUUID()}`;
      const first = await create(newProfile(), key);
      const other = newProfile();
      const answer = await create(other, key);

      expect(first.status).toBe(201);
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({
        ...problemOf(422),
        type: 'urn:profile-api:problem:idempotency-key-reused',
      });
      expect(
        await api.sql('SELECT id FROM profiles WHERE username = $1', [other.username]),
      ).toEqual([]);
    });

    it('answers a key that created a task with a 422 on profiles', async () => {
      const key = `shared-${randomUUID()}`;
      const task = await api.call('POST', '/api/v1/tasks', {
        as: 'write',
        body: { type: 'diagnostic.sleep', payload: { ms: 1 }, delayMs: 60_000 },
        headers: { 'idempotency-key': key },
      });
      expect(task.status).toBe(202);

      expect((await create(newProfile(), key)).status).toBe(422);
    });

    it('keeps keys per API key: another key with the same Idempotency-Key creates its own', async () => {
      const key = `per-key-${randomUUID()}`;
      const body = newProfile();
      const first = await create(body, key, 'write');
      const other = await create(
        { ...body, username: `${body.username}x`, email: `x${body.email}` },
        key,
        'admin',
      );

      expect(first.status).toBe(201);
      expect(other.status).toBe(201);
      expect(other.headers.get('idempotent-replayed')).toBeNull();
      expect(other.json<Profile>().id).not.toBe(first.json<Profile>().id);
    });

    it('refuses a malformed key with a 400', async () => {
      const answer = await create(newProfile(), 'schlüssel');
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject(problemOf(400));
    });

    it('keeps a key only as long as its profile', async () => {
      const key = `deleted-${randomUUID()}`;
      const body = newProfile();
      const first = await create(body, key);
      const id = first.json<Profile>().id;
      expect((await api.call('DELETE', `/api/v1/profiles/${id}`)).status).toBe(204);

      const again = await create(body, key);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBeNull();
      expect(again.json<Profile>().id).not.toBe(id);
    });
  });
});

describe('a lost database connection (api with PostgreSQL behind a proxy the test cuts)', () => {
  let proxy: TcpProxy;
  let api: ApiUnderTest;

  beforeAll(async () => {
    proxy = await TcpProxy.start(POSTGRES_PORT);
    api = await ApiUnderTest.start('db_lost', {}, { databaseProxy: proxy });
  });

  afterAll(async () => {
    await api?.stop();
    await proxy?.stop();
  });

  it('answers 503 problems with Retry-After while PostgreSQL cannot be reached, then serves again', async () => {
    const created = await api.createProfile();
    await proxy.cut();
    try {
      for (const [method, path, body] of [
        ['POST', '/api/v1/profiles', newProfile()],
        ['PATCH', `/api/v1/profiles/${created.id}`, { bio: 'while down' }],
        ['GET', '/api/v1/profiles', undefined],
      ] as const) {
        const answer = await api.call(method, path, { body });
        expect([method, answer.status]).toEqual([method, 503]);
        expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(answer.body).toMatchObject({
          ...problemOf(503),
          type: 'urn:profile-api:problem:service-unavailable',
          errorId: expect.any(String),
        });
      }
    } finally {
      await proxy.restore();
    }
    await eventually(async () => {
      const answer = await api.call('PATCH', `/api/v1/profiles/${created.id}`, {
        body: { bio: 'after the outage' },
      });
      expect(answer.status).toBe(200);
    });
  });
});

describe('the shutdown drain (process with SHUTDOWN_DRAIN_MS=3000)', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await ApiUnderTest.start('drain', { SHUTDOWN_DRAIN_MS: '3000' });
  });

  afterAll(async () => {
    await api?.stop();
  });

  /** GET on a keep-alive connection with node:http, which shows the Connection header as sent. */
  const get = (path: string) =>
    new Promise<{ status: number; connection: string | undefined; body: string }>(
      (resolve, reject) => {
        const { hostname, port } = new URL(api.baseUrl);
        const request = httpRequest(
          { hostname, port, path, headers: { authorization: `Bearer ${KEYS.read}` } },
          (response) => {
            let body = '';
            response.on('data', (chunk) => (body += chunk));
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                connection: response.headers.connection,
                body,
              }),
            );
          },
        );
        request.on('error', reject);
        request.end();
      },
    );

  it('says Connection: close on every response while draining', async () => {
    expect((await get('/api/v1/profiles')).connection).toBe('keep-alive');

    const exit = api.process.stop('SIGTERM');
    await eventually(async () => expect(api.logs).toContain('SIGTERM received: draining'));
    for (const path of ['/api/v1/profiles', '/api/v1/auth/whoami', '/no/such/route']) {
      const answer = await get(path);
      expect([path, answer.connection]).toEqual([path, 'close']);
    }
    const missing = await get('/no/such/route');
    expect(JSON.parse(missing.body)).toMatchObject(problemOf(404));
    expect(await exit).toBe(0);
  });
});
