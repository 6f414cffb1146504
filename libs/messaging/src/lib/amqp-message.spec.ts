import { profileEventMessageSchema } from '@profile/profile-domain';
import { randomUUID } from 'node:crypto';
import { decodeEnvelope, encodeEnvelope } from './amqp-message';

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
    expect(decodeEnvelope({ content }, profileEventMessageSchema)).toEqual({ ok: true, envelope });
  });

  it('says why a body is not a valid envelope, keeping what it could read', () => {
    const content = Buffer.from(JSON.stringify({ ...envelope, payload: { version: 0 } }));
    const decoded = decodeEnvelope({ content }, profileEventMessageSchema);
    expect(decoded).toMatchObject({ ok: false, envelope: { id: envelope.id } });
    expect(!decoded.ok && decoded.error).toMatch(/payload\.profileId/);
  });

  it('rejects a body that is not JSON', () => {
    expect(decodeEnvelope({ content: Buffer.from('{') }, profileEventMessageSchema)).toEqual({
      ok: false,
      error: 'body is not JSON',
    });
  });
});
