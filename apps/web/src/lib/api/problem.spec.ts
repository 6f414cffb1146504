import { parseProblem } from './problem';

describe('parseProblem', () => {
  it('reads a problem with field errors', () => {
    const body = JSON.stringify({
      type: 'urn:profile-api:problem:conflict',
      title: 'A unique field is already taken',
      status: 409,
      detail: 'username "ada" is taken.',
      instance: '/api/v1/profiles',
      requestId: 'r-1',
      errors: [{ path: 'username', message: 'is already taken' }, { path: 3 }],
    });
    expect(parseProblem(409, body)).toEqual({
      type: 'urn:profile-api:problem:conflict',
      title: 'A unique field is already taken',
      status: 409,
      detail: 'username "ada" is taken.',
      requestId: 'r-1',
      errorId: undefined,
      errors: [{ path: 'username', message: 'is already taken' }],
    });
  });

  it('names the status when the body is not a problem', () => {
    expect(parseProblem(502, '<html>Bad gateway</html>')).toMatchObject({
      status: 502,
      detail: 'The API answered with HTTP 502.',
    });
  });
});
