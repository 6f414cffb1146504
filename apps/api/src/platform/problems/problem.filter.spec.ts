import type { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ApiError } from './api-error';
import { ProblemFilter } from './problem.filter';

interface SentReply {
  status?: number;
  headers: Record<string, unknown>;
  contentType?: string;
  body?: Record<string, unknown>;
}

/** What the filter wrote to the request's log, level by level. */
let logged: { level: string; args: unknown[] }[];

/** Runs the filter on one exception for a request to `url`, returning what it sent. */
function answer(exception: unknown, url = '/api/v1/profiles?q=secret'): SentReply {
  const sent: SentReply = { headers: {} };
  const reply = {
    sent: false,
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    type(contentType: string) {
      sent.contentType = contentType;
      return reply;
    },
    send(body: string) {
      sent.body = JSON.parse(body) as Record<string, unknown>;
      return reply;
    },
  };
  const log =
    (level: string) =>
    (...args: unknown[]) =>
      logged.push({ level, args });
  const request = {
    id: 'req-1',
    method: 'POST',
    url,
    log: { error: log('error'), warn: log('warn') },
  };
  const host = {
    getArgByIndex: (index: number) => [request, reply][index],
  } as unknown as ArgumentsHost;
  new ProblemFilter().catch(exception, host);
  return sent;
}

/** A TypeORM error as a failed INSERT raises it, parameters and PostgreSQL's detail included. */
function queryFailed(code: string, message: string): QueryFailedError {
  const driverError = Object.assign(new Error(message), {
    code,
    detail: 'Key (lower(email))=(ada@example.com) already exists.',
  });
  return new QueryFailedError(
    'INSERT INTO "profiles"("email") VALUES ($1)',
    ['ada@example.com'],
    driverError,
  );
}

describe('ProblemFilter', () => {
  beforeEach(() => {
    logged = [];
  });

  it('answers an unexpected error with a 500 that holds only an error id, and logs that id', () => {
    const sent = answer(
      new Error('relation "profiles" does not exist: SELECT * FROM profiles WHERE password = $1'),
    );

    expect(sent.status).toBe(500);
    expect(sent.contentType).toBe('application/problem+json');
    expect(sent.body).toEqual({
      type: 'urn:profile-api:problem:internal-error',
      title: 'Internal server error',
      status: 500,
      detail: 'The server failed to answer; quote the errorId when reporting it.',
      instance: '/api/v1/profiles',
      requestId: 'req-1',
      errorId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(JSON.stringify(sent.body)).not.toMatch(/SELECT|relation|password|at .*\.ts/);

    expect(logged).toHaveLength(1);
    expect(logged[0].level).toBe('error');
    const [fields, message] = logged[0].args as [Record<string, unknown>, string];
    expect(fields['errorId']).toBe(sent.body?.['errorId']);
    expect(message).toContain(String(sent.body?.['errorId']));
    expect(fields['error']).toMatchObject({
      type: 'Error',
      message: expect.stringContaining('relation "profiles" does not exist'),
      stack: expect.any(String),
    });
  });

  it('treats a thrown non-Error as internal too', () => {
    expect(answer('a string').status).toBe(500);
    expect(answer(undefined).body).toMatchObject({ errorId: expect.any(String) });
  });

  it('logs a database error without its parameters or the values PostgreSQL quotes', () => {
    const sent = answer(queryFailed('23502', 'null value in column "username"'));

    expect(sent.status).toBe(500);
    expect(JSON.stringify(sent.body)).not.toContain('username');
    const log = JSON.stringify(logged);
    expect(log).toContain('"code":"23502"');
    expect(log).not.toContain('ada@example.com');
    expect(log).not.toContain('INSERT INTO');
  });

  it('answers a statement PostgreSQL cancelled after its timeout with 503 and an error id', () => {
    const sent = answer(queryFailed('57014', 'canceling statement due to statement timeout'));

    expect(sent.status).toBe(503);
    expect(sent.body).toMatchObject({
      type: 'urn:profile-api:problem:service-unavailable',
      status: 503,
      errorId: expect.any(String),
    });
    expect(JSON.stringify(sent.body)).not.toContain('canceling');
    expect(logged).toHaveLength(1);
  });

  it('maps domain errors to their problem type with field errors, logging nothing', () => {
    const sent = answer(
      new ApiError('conflict', 'Another profile already has this email.', [
        { path: 'email', message: 'is already taken' },
      ]),
    );

    expect(sent.status).toBe(409);
    expect(sent.body).toEqual({
      type: 'urn:profile-api:problem:conflict',
      title: 'A unique field is already taken',
      status: 409,
      detail: 'Another profile already has this email.',
      instance: '/api/v1/profiles',
      requestId: 'req-1',
      errors: [{ path: 'email', message: 'is already taken' }],
    });
    expect(logged).toEqual([]);
  });

  it('asks for bearer credentials on a 401', () => {
    const sent = answer(new ApiError('unauthenticated', 'A valid API key is required.'));
    expect(sent.status).toBe(401);
    expect(sent.headers['www-authenticate']).toMatch(/^Bearer\b/);
  });

  it('answers the rate limit with 429 rate-limited', () => {
    const sent = answer(new ApiError('rate-limited', 'Too many requests.'));
    expect(sent.status).toBe(429);
    expect(sent.body).toMatchObject({ type: 'urn:profile-api:problem:rate-limited' });
  });

  it.each([
    ['a date out of range', '22008', 'date/time field value out of range: "-010000-01-01"'],
    ['a number out of range', '22003', 'value "99999999999" is out of range for type integer'],
    ['invalid text', '22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
  ])(
    'answers %s that PostgreSQL refuses with a 400, logging its code but not the value',
    (_case, code, message) => {
      const sent = answer(queryFailed(code, message));

      expect(sent.status).toBe(400);
      expect(sent.body).toMatchObject({
        type: 'urn:profile-api:problem:invalid-request',
        errors: [{ path: '', message: expect.any(String) }],
      });
      expect(sent.body).not.toHaveProperty('errorId');
      expect(logged).toEqual([{ level: 'warn', args: [{ error: { code } }, expect.any(String)] }]);
      expect(JSON.stringify([sent.body, logged])).not.toMatch(/010000|99999999999|0x00|ada@/);
    },
  );

  it.each([
    [
      'refused',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    [
      'dropped',
      new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly')),
    ],
    ['shut down', queryFailed('57P01', 'terminating connection due to administrator command')],
    ['not reached in time', new Error('timeout exceeded when trying to connect')],
  ])('answers a database connection %s with 503 and Retry-After', (_case, error) => {
    const sent = answer(error);

    expect(sent.status).toBe(503);
    expect(sent.headers['retry-after']).toEqual(expect.any(Number));
    expect(sent.body).toMatchObject({
      type: 'urn:profile-api:problem:service-unavailable',
      errorId: expect.any(String),
    });
  });
});
