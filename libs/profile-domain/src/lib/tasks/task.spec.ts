import { randomUUID } from 'node:crypto';
import { createTaskRequestSchema, MAX_TASK_DELAY_MS, taskRunAt } from './task';

const profileId = randomUUID();
const parse = (body: Record<string, unknown>) => createTaskRequestSchema.safeParse(body);
const issues = (body: Record<string, unknown>) =>
  parse(body).error?.issues.map(({ path, message }) => ({ path: path.join('.'), message }));

describe('createTaskRequestSchema', () => {
  it('accepts each task type with its payload, defaulting maxAttempts to 3', () => {
    expect(parse({ type: 'profile.welcome', payload: { profileId } }).data).toEqual({
      type: 'profile.welcome',
      payload: { profileId },
      maxAttempts: 3,
    });
    expect(parse({ type: 'diagnostic.sleep', payload: { ms: 60_000 }, delayMs: 0 }).success).toBe(
      true,
    );
    expect(parse({ type: 'diagnostic.fail', payload: { failTimes: 10 } }).success).toBe(true);
  });

  it.each([
    ['an unknown type', { type: 'profile.delete', payload: {} }, 'type'],
    [
      'a bad profile id',
      { type: 'profile.welcome', payload: { profileId: 'x' } },
      'payload.profileId',
    ],
    [
      'an unknown payload field',
      { type: 'diagnostic.sleep', payload: { ms: 1, extra: 1 } },
      'payload.extra',
    ],
    ['a sleep over a minute', { type: 'diagnostic.sleep', payload: { ms: 60_001 } }, 'payload.ms'],
    [
      'failTimes over 10',
      { type: 'diagnostic.fail', payload: { failTimes: 11 } },
      'payload.failTimes',
    ],
    [
      'delayMs over 7 days',
      { type: 'diagnostic.sleep', payload: { ms: 1 }, delayMs: MAX_TASK_DELAY_MS + 1 },
      'delayMs',
    ],
    [
      'maxAttempts 0',
      { type: 'diagnostic.sleep', payload: { ms: 1 }, maxAttempts: 0 },
      'maxAttempts',
    ],
    [
      'maxAttempts 11',
      { type: 'diagnostic.sleep', payload: { ms: 1 }, maxAttempts: 11 },
      'maxAttempts',
    ],
    ['an unknown field', { type: 'diagnostic.sleep', payload: { ms: 1 }, priority: 1 }, ''],
  ])('rejects %s', (_case, body, path) => {
    expect(issues(body)?.map((issue) => issue.path)).toContain(path);
  });

  it('says what is wrong with every field at once, in words for people', () => {
    expect(
      issues({
        type: 'diagnostic.sleep',
        payload: { ms: 1.5, extra: true },
        delayMs: -1,
        maxAttempts: 11,
      }),
    ).toEqual([
      {
        path: 'delayMs',
        message: 'must be a whole number of milliseconds from 0 to 604800000 (7 days)',
      },
      { path: 'maxAttempts', message: 'must be a whole number from 1 to 10' },
      { path: 'payload.ms', message: 'must be a whole number of milliseconds from 0 to 60000' },
      { path: 'payload.extra', message: 'is not a field of a diagnostic.sleep payload' },
    ]);
    expect(issues({ type: 'mail.send', payload: {} })).toEqual([
      {
        path: 'type',
        message:
          'must be one of profile.welcome, profile.completeness-reminder, diagnostic.sleep, diagnostic.fail',
      },
    ]);
    expect(issues({ type: 'profile.welcome', payload: 'x' })).toEqual([
      { path: 'payload', message: 'must be a JSON object' },
    ]);
    expect(issues({ type: 'profile.welcome', payload: {} })).toEqual([
      { path: 'payload.profileId', message: 'is required' },
    ]);
  });

  it('rejects both delayMs and runAt', () => {
    expect(
      issues({
        type: 'diagnostic.sleep',
        payload: { ms: 1 },
        delayMs: 1,
        runAt: new Date().toISOString(),
      }),
    ).toEqual([{ path: 'runAt', message: 'give delayMs or runAt, not both' }]);
  });

  it('rejects a runAt more than 7 days ahead but accepts one in the past', () => {
    const far = new Date(Date.now() + MAX_TASK_DELAY_MS + 60_000).toISOString();
    expect(issues({ type: 'diagnostic.sleep', payload: { ms: 1 }, runAt: far })).toEqual([
      { path: 'runAt', message: 'must be at most 7 days ahead' },
    ]);
    expect(
      parse({ type: 'diagnostic.sleep', payload: { ms: 1 }, runAt: '2020-01-01T00:00:00Z' })
        .success,
    ).toBe(true);
  });

  it('rejects a payload over 16 KiB', () => {
    const payload = { profileId, padding: 'x'.repeat(16 * 1024) };
    expect(issues({ type: 'profile.welcome', payload })).toEqual([
      { path: 'payload', message: 'must be at most 16384 bytes as JSON' },
    ]);
  });
});

describe('taskRunAt', () => {
  const now = new Date('2026-01-01T00:00:00.000Z');

  it('adds the delay to now, or is now without one', () => {
    expect(taskRunAt({ delayMs: 1_500 }, now).toISOString()).toBe('2026-01-01T00:00:01.500Z');
    expect(taskRunAt({}, now)).toEqual(now);
  });

  it('takes runAt, but never earlier than now', () => {
    expect(taskRunAt({ runAt: '2026-01-02T00:00:00Z' }, now).toISOString()).toBe(
      '2026-01-02T00:00:00.000Z',
    );
    expect(taskRunAt({ runAt: '2025-01-01T00:00:00Z' }, now)).toEqual(now);
  });
});
