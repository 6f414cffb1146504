import { ArgumentsHost, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { QueryFailedError } from 'typeorm';
import { ApiError } from './api-error';
import { ProblemFilter } from './problem.filter';

interface SentReply {
  status?: number;
  headers: Record<string, string>;
  contentType?: string;
  body?: Record<string, unknown>;
}

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
  const request = { id: 'req-1', method: 'POST', url };
  const host = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
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
  let logged: unknown[][];

  beforeEach(() => {
    logged = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((...args: unknown[]) => {
      logged.push(args);
    });
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
    const [fields, message] = logged[0] as [Record<string, unknown>, string];
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

  it('answers the rate limiter with 429 rate-limited, not its own message', () => {
    const sent = answer(new ThrottlerException('ThrottlerException: Too Many Requests'));
    expect(sent.status).toBe(429);
    expect(sent.body).toMatchObject({ type: 'urn:profile-api:problem:rate-limited' });
    expect(JSON.stringify(sent.body)).not.toContain('ThrottlerException');
  });
});
