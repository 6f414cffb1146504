import { messagesByField } from './field-messages';

describe('messagesByField', () => {
  it('groups errors under their top-level field and keeps the form-level ones apart', () => {
    expect(
      messagesByField([
        { path: 'username', message: 'is already taken' },
        { path: 'payload.ms', message: 'must be at most 60000' },
        { path: 'payload', message: 'must be an object' },
        { path: '', message: 'must be valid JSON' },
      ]),
    ).toEqual({
      username: 'is already taken',
      payload: 'ms must be at most 60000; must be an object',
      '': 'must be valid JSON',
    });
  });
});
