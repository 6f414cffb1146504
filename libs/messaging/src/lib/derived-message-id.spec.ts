import { z } from 'zod';
import { derivedMessageId } from './derived-message-id';

describe('derivedMessageId', () => {
  it('is a UUID, the same for the same source and kind, different otherwise', () => {
    const source = '0b6f7f5e-3a39-4a53-9d8c-1c2e4a8c0f11';
    const started = derivedMessageId(source, 'task.started');
    expect(z.uuid().safeParse(started).success).toBe(true);
    expect(derivedMessageId(source, 'task.started')).toBe(started);
    expect(derivedMessageId(source, 'task.outcome')).not.toBe(started);
  });
});
