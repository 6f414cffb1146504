import { z } from 'zod';

/**
 * Every message on RabbitMQ is a JSON envelope. `id` is unique per message (consumers dedupe by
 * it), `correlationId` is the originating request id, `attempt` the attempt of the work it belongs
 * to (1 for events).
 */
export const envelopeFields = {
  id: z.uuid(),
  correlationId: z.string().min(1).max(128),
  attempt: z.int().min(1).max(100),
  occurredAt: z.iso.datetime({ offset: true }),
};

export function messageEnvelopeSchema<Type extends z.ZodType<string>, Payload extends z.ZodType>(
  type: Type,
  payload: Payload,
) {
  return z.strictObject({ ...envelopeFields, type, payload });
}

/** Any envelope, its payload unchecked: what a consumer can say about a message it cannot type. */
export const anyMessageEnvelopeSchema = z.looseObject({
  ...envelopeFields,
  type: z.string().min(1).max(100),
  payload: z.unknown(),
});
export type AnyMessageEnvelope = z.output<typeof anyMessageEnvelopeSchema>;
