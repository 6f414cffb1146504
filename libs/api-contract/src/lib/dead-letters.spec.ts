import {
  deadLetterDetailSchema,
  deadLetterListQuerySchema,
  messageIdParamsSchema,
} from './dead-letters';

describe('the dead-letter contract', () => {
  it('lists 100 messages unless asked for 1 to 500', () => {
    expect(deadLetterListQuerySchema.parse({})).toEqual({ limit: 100 });
    expect(deadLetterListQuerySchema.parse({ limit: '500' })).toEqual({ limit: 500 });
    for (const limit of ['0', '501', 'x', ['1', '2']]) {
      expect(deadLetterListQuerySchema.safeParse({ limit }).success).toBe(false);
    }
  });

  it('names a message by its UUID', () => {
    expect(
      messageIdParamsSchema.parse({ messageId: '6F1C2D1E-0000-4000-8000-00000000000A' }),
    ).toEqual({ messageId: '6f1c2d1e-0000-4000-8000-00000000000a' });
    expect(messageIdParamsSchema.safeParse({ messageId: 'x' }).success).toBe(false);
  });

  it('reads a message with its headers and body', () => {
    const message = {
      messageId: '6f1c2d1e-0000-4000-8000-00000000000a',
      queue: 'tasks.work.dead',
      type: 'diagnostic.sleep',
      correlationId: 'r-1',
      exchange: 'tasks',
      routingKey: 'diagnostic.sleep',
      reason: 'delivery_limit',
      deadLetteredFrom: 'tasks.work',
      deadLetteredAt: '2025-01-02T03:04:05.000Z',
      deaths: 1,
      contentType: 'application/json',
      headers: { 'x-death': [{ count: 1 }] },
      body: '{"id":"x"}',
    };
    expect(deadLetterDetailSchema.parse(message)).toEqual(message);
    expect(deadLetterDetailSchema.safeParse({ ...message, deaths: -1 }).success).toBe(false);
  });
});
