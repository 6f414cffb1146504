import { randomUUID } from 'node:crypto';
import { taskMessageSchema, taskResultMessageSchema } from './task-messages';

const envelope = {
  id: randomUUID(),
  correlationId: 'req-1',
  attempt: 1,
  occurredAt: '2026-01-01T00:00:00.000Z',
};

describe('task messages', () => {
  it('checks the payload against the schema of the message type', () => {
    const message = {
      ...envelope,
      type: 'diagnostic.sleep',
      taskId: randomUUID(),
      runAt: '2026-01-01T00:00:00Z',
      payload: { ms: 10 },
    };
    expect(taskMessageSchema.parse(message)).toEqual(message);
    expect(taskMessageSchema.safeParse({ ...message, payload: { failTimes: 1 } }).success).toBe(
      false,
    );
    expect(taskMessageSchema.safeParse({ ...message, runAt: undefined }).success).toBe(false);
  });

  it('requires an error exactly when an outcome failed', () => {
    const outcome = {
      ...envelope,
      type: 'task.outcome',
      payload: {
        taskId: randomUUID(),
        attempt: 1,
        outcome: 'failed',
        startedAt: envelope.occurredAt,
        finishedAt: envelope.occurredAt,
      },
    };
    expect(taskResultMessageSchema.safeParse(outcome).success).toBe(false);
    expect(
      taskResultMessageSchema.safeParse({
        ...outcome,
        payload: { ...outcome.payload, error: 'boom' },
      }).success,
    ).toBe(true);
    expect(
      taskResultMessageSchema.safeParse({
        ...outcome,
        payload: { ...outcome.payload, outcome: 'succeeded', result: { ok: true } },
      }).success,
    ).toBe(true);
  });
});
