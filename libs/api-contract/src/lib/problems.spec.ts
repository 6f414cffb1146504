import {
  PROBLEM_KINDS,
  PROBLEM_TYPES,
  problemSchema,
  problemTypeUri,
  validationProblemSchema,
} from './problems';

const conflict = {
  type: 'urn:profile-api:problem:conflict',
  title: 'A unique field is already taken',
  status: 409,
  detail: 'username "ada" is taken.',
  instance: '/api/v1/profiles',
  requestId: 'r-1',
  errors: [{ path: 'username', message: 'is already taken' }],
};

describe('problems', () => {
  it('names each kind with a URN the problem type lists', () => {
    expect(problemTypeUri('not-found')).toBe('urn:profile-api:problem:not-found');
    expect(PROBLEM_KINDS).toHaveLength(Object.keys(PROBLEM_TYPES).length);
    for (const kind of PROBLEM_KINDS) {
      const problem = {
        ...conflict,
        type: problemTypeUri(kind),
        status: PROBLEM_TYPES[kind].status,
      };
      expect(problemSchema.safeParse(problem).success).toBe(true);
    }
  });

  it('reads a problem with field errors, and a 5xx with its error id', () => {
    expect(problemSchema.parse(conflict)).toEqual(conflict);
    const { errors: _errors, ...internal } = conflict;
    const failed = {
      ...internal,
      type: 'urn:profile-api:problem:internal-error',
      status: 500,
      errorId: '0f5e4c3a-6b1d-4c8e-9f00-123456789abc',
    };
    expect(problemSchema.parse(failed)).toEqual(failed);
  });

  it('refuses what is not a problem of this api', () => {
    const { requestId: _requestId, ...withoutRequestId } = conflict;
    for (const body of [
      { ...conflict, type: 'about:blank' },
      withoutRequestId,
      { ...conflict, errors: [{ path: 3, message: 'x' }] },
      { ...conflict, errorId: 'not-a-uuid' },
      '<html>Bad gateway</html>',
    ]) {
      expect(problemSchema.safeParse(body).success).toBe(false);
    }
  });

  it('has a 400 always name its fields', () => {
    const invalid = { ...conflict, type: problemTypeUri('invalid-request'), status: 400 };
    expect(validationProblemSchema.safeParse(invalid).success).toBe(true);
    const { errors: _errors, ...withoutErrors } = invalid;
    expect(validationProblemSchema.safeParse(withoutErrors).success).toBe(false);
  });
});
