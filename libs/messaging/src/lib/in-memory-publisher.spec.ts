import { randomUUID } from 'node:crypto';
import { InMemoryPublisher } from './in-memory-publisher';

const message = () => ({
  exchange: 'tasks',
  routingKey: 'diagnostic.sleep',
  envelope: {
    id: randomUUID(),
    correlationId: 'c',
    type: 'diagnostic.sleep',
    attempt: 1,
    occurredAt: new Date().toISOString(),
    payload: { ms: 1 },
  },
});

describe('InMemoryPublisher', () => {
  it('keeps published messages and fails the ones it is told to, in order', async () => {
    const publisher = new InMemoryPublisher();
    publisher.failNext('returned');
    const first = message();
    const second = message();

    await expect(publisher.publish(first)).rejects.toMatchObject({ reason: 'returned' });
    await publisher.publish(second);
    expect(publisher.published).toEqual([second]);
  });
});
