import { failureState } from './action-failure';

describe('failureState', () => {
  it('says nothing was changed when the api could not be reached', () => {
    expect(
      failureState(
        { ok: false, kind: 'unreachable', message: 'the API refused the connection' },
        'flush the cache',
      ),
    ).toEqual({
      status: 'failed',
      message: 'Could not flush the cache: the API refused the connection. Nothing was changed.',
    });
  });

  it('hands field errors back to the form, and quotes the error id of a failure', () => {
    const problem = {
      type: 'urn:profile-api:problem:conflict',
      title: 'A unique field is already taken',
      status: 409,
      detail: 'Another profile already has this username.',
      instance: '/api/v1/profiles',
      requestId: 'r-1',
    };
    const headers = new Headers();
    expect(
      failureState(
        {
          ok: false,
          kind: 'problem',
          status: 409,
          headers,
          problem: { ...problem, errors: [{ path: 'username', message: 'is already taken' }] },
        },
        'create the profile',
      ),
    ).toEqual({
      status: 'invalid',
      message: 'Another profile already has this username.',
      fieldErrors: [{ path: 'username', message: 'is already taken' }],
    });
    const failed = { ...problem, status: 500, detail: 'The server failed.', errorId: 'e-1' };
    expect(
      failureState(
        { ok: false, kind: 'problem', status: 500, headers, problem: failed },
        'create the profile',
      ),
    ).toEqual({
      status: 'failed',
      message: 'Could not create the profile: The server failed. (error id e-1)',
    });
  });

  it('does not claim nothing changed when the answer could not be read', () => {
    expect(
      failureState(
        {
          ok: false,
          kind: 'unexpected',
          status: 201,
          headers: new Headers(),
          message:
            'the API answered HTTP 201, but its body does not match the contract (email: Invalid input)',
        },
        'create the profile',
      ),
    ).toEqual({
      status: 'failed',
      message:
        'Could not tell whether the API managed to create the profile: the API answered HTTP 201, but its body does not match the contract (email: Invalid input). Reload to see whether it was done.',
    });
  });
});
