import { randomUUID } from 'node:crypto';
import { type ApiProcess, ApiUnderTest } from './support/api-under-test';

/** PUT /api/v1/audited-events/:messageId: each profile event is audited once, whoever asks. */
describe('audited events (process against PostgreSQL)', () => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await ApiUnderTest.start('audited_events');
  });

  afterAll(async () => {
    await api?.stop();
  });

  const record = (messageId: string, as: 'write' | 'read' = 'write', on: ApiProcess = api) =>
    on.call('PUT', `/api/v1/audited-events/${messageId}`, { as });

  it('answers firstTime true to the first call for an event only, on every replica', async () => {
    const messageId = randomUUID();

    const first = await record(messageId);
    expect(first.status).toBe(200);
    expect(first.json()).toEqual({ messageId, firstTime: true });
    expect((await record(messageId)).json()).toEqual({ messageId, firstTime: false });
    const replica = await api.startReplica();
    expect((await record(messageId, 'write', replica)).json()).toEqual({
      messageId,
      firstTime: false,
    });
    expect((await record(randomUUID(), 'write', replica)).json()).toMatchObject({
      firstTime: true,
    });
  });

  it('refuses a read key and an id that is not a UUID', async () => {
    expect((await record(randomUUID(), 'read')).status).toBe(403);
    const invalid = await record('not-a-uuid');
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
