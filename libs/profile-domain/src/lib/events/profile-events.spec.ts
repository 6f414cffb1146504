import { randomUUID } from 'node:crypto';
import { profileEventMessageSchema } from './profile-events';

const message = {
  id: randomUUID(),
  correlationId: 'req-1',
  type: 'profile.updated',
  attempt: 1,
  occurredAt: '2026-01-01T00:00:00Z',
  payload: { profileId: randomUUID(), version: 2, changedFields: ['bio'], actor: 'dev' },
};

describe('profile event messages', () => {
  it('accept ids, version, changed field names and the key name', () => {
    expect(profileEventMessageSchema.parse(message)).toEqual(message);
  });

  it.each([
    ['a value of a field', { ...message.payload, bio: 'hello' }],
    ['an unknown field name', { ...message.payload, changedFields: ['password'] }],
    ['version 0', { ...message.payload, version: 0 }],
  ])('reject %s', (_case, payload) => {
    expect(profileEventMessageSchema.safeParse({ ...message, payload }).success).toBe(false);
  });

  it('rejects an unknown event type or a bad envelope', () => {
    expect(
      profileEventMessageSchema.safeParse({ ...message, type: 'profile.viewed' }).success,
    ).toBe(false);
    expect(profileEventMessageSchema.safeParse({ ...message, id: 'not-a-uuid' }).success).toBe(
      false,
    );
    expect(
      profileEventMessageSchema.safeParse({ ...message, occurredAt: 'yesterday' }).success,
    ).toBe(false);
  });
});
