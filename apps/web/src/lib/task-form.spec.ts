import { examplePayload, taskRequestOf, type TaskFormValues } from './task-form';

const values = (overrides: Partial<TaskFormValues> = {}): TaskFormValues => ({
  type: 'diagnostic.sleep',
  payload: examplePayload('diagnostic.sleep'),
  delaySeconds: '2',
  maxAttempts: '3',
  ...overrides,
});

describe('the schedule form', () => {
  it('turns its inputs into the api’s request, the delay in milliseconds', () => {
    expect(taskRequestOf(values({ delaySeconds: '1.5' }))).toEqual({
      ok: true,
      request: { type: 'diagnostic.sleep', payload: { ms: 2000 }, delayMs: 1500, maxAttempts: 3 },
    });
    expect(taskRequestOf(values({ delaySeconds: '', maxAttempts: '' }))).toEqual({
      ok: true,
      request: { type: 'diagnostic.sleep', payload: { ms: 2000 } },
    });
  });

  it('names the payload when it is not JSON', () => {
    const draft = taskRequestOf(values({ payload: '{ms: 1}' }));
    expect(draft.ok).toBe(false);
    expect(!draft.ok && draft.errors.map((error) => error.path)).toEqual(['payload']);
  });

  it('checks every field at once, in words for people', () => {
    const draft = taskRequestOf(
      values({ payload: '{"ms": 600000}', delaySeconds: '700000', maxAttempts: '11' }),
    );
    expect(!draft.ok && draft.errors).toEqual([
      { path: 'delaySeconds', message: 'must be a number of seconds from 0 to 604800 (7 days)' },
      { path: 'maxAttempts', message: 'must be a whole number from 1 to 10' },
      { path: 'payload.ms', message: 'must be a whole number of milliseconds from 0 to 60000' },
    ]);
    const notJson = taskRequestOf(values({ payload: '{"ms": ', maxAttempts: 'three' }));
    expect(!notJson.ok && notJson.errors.map((error) => error.path)).toEqual([
      'payload',
      'maxAttempts',
    ]);
  });

  it('checks the payload against its type’s schema and the limits of the api', () => {
    const payloadAndAttempts = taskRequestOf(
      values({ payload: '{"ms": 600000}', maxAttempts: '11' }),
    );
    expect(
      !payloadAndAttempts.ok && payloadAndAttempts.errors.map((error) => error.path).sort(),
    ).toEqual(['maxAttempts', 'payload.ms']);
  });

  it('offers a valid example for the diagnostic types', () => {
    expect(
      taskRequestOf(values({ type: 'diagnostic.fail', payload: examplePayload('diagnostic.fail') }))
        .ok,
    ).toBe(true);
  });
});
