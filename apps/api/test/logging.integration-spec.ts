import type { Profile } from '@profile/profile-domain';
import { eventually } from '@profile/testing';
import { ApiUnderTest, KEYS, newProfile } from './support/api-under-test';

const EMAIL = 'private.person+logcheck@example.org';
const OTHER_EMAIL = 'another.private+logcheck@example.org';
const GUESSED_SECRET = 'guessed-secret-value-123';
const BIO = 'a body text that must never reach the logs';

interface LogLine {
  level: string;
  message: string;
  req?: { id: string; method: string; path: string };
  res?: { statusCode: number };
  errorId?: string;
  error?: Record<string, unknown>;
}

describe('logs (process output after requests carrying e-mails and secrets)', () => {
  let api: ApiUnderTest;
  const requestIds: string[] = [];
  let failure: { requestId: string; errorId: string };

  beforeAll(async () => {
    api = await ApiUnderTest.start('logging', { DB_STATEMENT_TIMEOUT_MS: '300' });

    const remember = async (answer: Promise<{ headers: Headers }>) => {
      requestIds.push((await answer).headers.get('x-request-id')!);
    };
    const created = api.call('POST', '/api/v1/profiles', {
      as: 'write',
      body: newProfile({ email: EMAIL, bio: BIO }),
    });
    await remember(created);
    const profile = (await created).json<Profile>();
    await remember(api.call('POST', '/api/v1/profiles', { body: newProfile({ email: EMAIL }) }));
    await remember(
      api.call('GET', `/api/v1/profiles?q=${encodeURIComponent(EMAIL)}`, { as: 'read' }),
    );
    await remember(api.call('GET', `/api/v1/profiles/${profile.id}?email=${EMAIL}`));
    await remember(
      api.call('GET', '/api/v1/auth/whoami', {
        as: null,
        headers: { authorization: `Bearer ${GUESSED_SECRET}` },
      }),
    );
    await remember(api.call('POST', '/api/v1/profiles', { body: `{"email":"${EMAIL}",` }));

    // A 503 whose error is logged: a PATCH of the e-mail whose UPDATE waits past the statement
    // timeout for another session's uncommitted insert of the same e-mail (the unique index makes
    // it wait). TypeORM's error carries the UPDATE's parameters, that e-mail included.
    const holder = await api.connectToDatabase();
    try {
      await holder.query('BEGIN');
      await holder.query(
        `INSERT INTO profiles (username, email, display_name) VALUES ('log-holder', $1, 'Holder')`,
        [OTHER_EMAIL],
      );
      const answer = await api.call('PATCH', `/api/v1/profiles/${profile.id}`, {
        body: { email: OTHER_EMAIL },
        headers: { 'x-request-id': 'log-check-failure' },
      });
      expect(answer.status).toBe(503);
      failure = {
        requestId: 'log-check-failure',
        errorId: answer.json<{ errorId: string }>().errorId,
      };
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    await eventually(async () => expect(api.logs).toContain(failure.errorId));
  });

  afterAll(async () => {
    await api?.stop();
  });

  const lines = (): LogLine[] =>
    api.logs
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as LogLine);

  it('writes every line as JSON with a level and a message', () => {
    for (const line of lines()) {
      expect(line).toMatchObject({ level: expect.any(String), message: expect.any(String) });
    }
  });

  it('never writes an e-mail address, a secret, a body or a query string', () => {
    const logs = api.logs;
    expect(logs).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    for (const secret of [...Object.values(KEYS), GUESSED_SECRET]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toContain(BIO);
    expect(logs).not.toContain('?q=');
    expect(logs).not.toContain('?email=');
    expect(logs.toLowerCase()).not.toContain('authorization');
  });

  it('logs each request once with its request id, method, path and status', () => {
    const completed = lines().filter((line) => line.res !== undefined);
    for (const id of requestIds) {
      const matching = completed.filter((line) => line.req?.id === id);
      expect([id, matching.length]).toEqual([id, 1]);
    }
    expect(completed.map((line) => line.req?.path)).toContain('/api/v1/profiles');
  });

  it('logs an error with its error id, the request id and the kind of failure, but not its SQL', () => {
    const logged = lines().filter((line) => line.errorId === failure.errorId);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      level: 'error',
      req: { id: failure.requestId, method: 'PATCH' },
      error: { type: 'QueryFailedError', code: '57014' },
    });
    expect(JSON.stringify(logged[0])).not.toMatch(/UPDATE|SELECT|parameters/);
  });
});
