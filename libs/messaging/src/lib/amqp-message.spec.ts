import { profileEventMessageSchema } from '@profile/profile-domain';
import { randomUUID } from 'node:crypto';
import { encodeEnvelope, envelopeType, parseBody, validateEnvelope } from './amqp-message';

const envelope = {
  id: randomUUID(),
  correlationId: 'req-7',
  type: 'profile.deleted' as const,
  attempt: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
  payload: { profileId: randomUUID(), version: 3, changedFields: [], actor: 'dev' },
};

describe('envelope encoding', () => {
  it('round-trips, mirroring ids and type into the AMQP properties', () => {
    const { content, properties } = encodeEnvelope(envelope);
    expect(properties).toMatchObject({
      persistent: true,
      messageId: envelope.id,
      correlationId: 'req-7',
      type: 'profile.deleted',
    });
    const parsed = parseBody({ content });
    expect(parsed).toEqual({ ok: true, body: envelope });
    expect(parsed.ok && envelopeType(parsed.body)).toBe('profile.deleted');
    expect(parsed.ok && validateEnvelope(parsed.body, profileEventMessageSchema)).toEqual({
      ok: true,
      envelope,
    });
  });

  it('says why a body is not a valid envelope, keeping what it could read', () => {
    const decoded = validateEnvelope(
      { ...envelope, payload: { version: 0 } },
      profileEventMessageSchema,
    );
    expect(decoded).toMatchObject({ ok: false, envelope: { id: envelope.id } });
    expect(!decoded.ok && decoded.error).toMatch(/payload\.profileId/);
  });

  it('rejects a body that is not JSON', () => {
    expect(parseBody({ content: Buffer.from('{') })).toEqual({
      ok: false,
      error: 'body is not JSON',
    });
  });

  it('reads the type only of an object that has a string one', () => {
    expect(envelopeType({ type: 'task.started' })).toBe('task.started');
    expect(envelopeType({ type: 7 })).toBeUndefined();
    expect(envelopeType(['task.started'])).toBeUndefined();
    expect(envelopeType(null)).toBeUndefined();
  });
});
