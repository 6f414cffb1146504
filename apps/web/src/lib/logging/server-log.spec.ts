import { loggedError, requestErrorFields } from './server-log';

jest.mock('server-only', () => ({}));

describe('loggedError', () => {
  it('keeps the name, message, stack and the digest the error page shows, nothing else', () => {
    const error = Object.assign(new TypeError('failed'), {
      digest: '1234567',
      detail: 'Key (email)=(ada@example.com) already exists',
    });
    expect(loggedError(error)).toEqual({
      name: 'TypeError',
      message: 'failed',
      digest: '1234567',
      stack: error.stack,
    });
  });

  it('describes a thrown value that is not an Error', () => {
    expect(loggedError('gone')).toEqual({ name: 'NonError', message: 'gone' });
  });
});

describe('requestErrorFields', () => {
  it('names the request and its route, without the query string', () => {
    const fields = requestErrorFields(
      new Error('boom'),
      { method: 'GET', path: '/profiles?q=ada%40example.com' },
      { routePath: '/profiles', routeType: 'render' },
    );
    expect(fields).toMatchObject({
      context: 'request',
      req: { method: 'GET', path: '/profiles' },
      route: '/profiles',
      routeType: 'render',
      error: { name: 'Error', message: 'boom' },
    });
    expect(JSON.stringify(fields)).not.toContain('example.com');
  });
});
