import { createConnection } from 'node:net';
import type { Profile } from '@profile/profile-domain';
import { ApiUnderTest, newProfile } from './support/api-under-test';

describe('timeouts (process with DB_STATEMENT_TIMEOUT_MS=300, HTTP_REQUEST_TIMEOUT_MS=1000)', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await ApiUnderTest.start('timeouts', {
      DB_STATEMENT_TIMEOUT_MS: '300',
      HTTP_REQUEST_TIMEOUT_MS: '1000',
    });
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('cancels a statement that outlasts DB_STATEMENT_TIMEOUT_MS and answers 503, changing nothing', async () => {
    const profile = (
      await api.call('POST', '/api/v1/profiles', { body: newProfile() })
    ).json<Profile>();
    // Another session holds the row, so the api's UPDATE waits for its lock.
    const holder = await api.connectToDatabase();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM profiles WHERE id = $1 FOR UPDATE', [profile.id]);

      const started = performance.now();
      const answer = await api.call('PATCH', `/api/v1/profiles/${profile.id}`, {
        body: { bio: 'blocked' },
      });
      // Without the timeout the PATCH would wait as long as the lock is held: until this test ends.
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({
        type: 'urn:profile-api:problem:service-unavailable',
        status: 503,
        errorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(answer.text).not.toMatch(/statement|cancel|SELECT|UPDATE/i);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }

    const read = await api.call('GET', `/api/v1/profiles/${profile.id}`, {
      headers: { 'cache-control': 'no-cache' },
    });
    expect(read.json()).toEqual(profile);
    const retried = await api.call('PATCH', `/api/v1/profiles/${profile.id}`, {
      body: { bio: 'after the lock' },
    });
    expect(retried.json()).toMatchObject({ bio: 'after the lock', version: 2 });
  });

  it('answers 408 and closes a connection whose request does not arrive within HTTP_REQUEST_TIMEOUT_MS', async () => {
    const { port } = new URL(api.baseUrl);
    const socket = createConnection(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const started = performance.now();
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    const closed = new Promise((resolve) => socket.once('close', resolve));

    // Headers announcing 100 bytes, then only one of them.
    socket.write(
      'POST /api/v1/profiles HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\n' +
        'Content-Length: 100\r\n\r\n{',
    );
    await closed;

    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    // 1 s of timeout plus at most 1 s until the server's next check (60 s if Node's defaults applied).
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
