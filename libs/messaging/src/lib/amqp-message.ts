import type { ConsumeMessage, Options } from 'amqplib';
import { anyMessageEnvelopeSchema } from '@profile/profile-domain';
import type { AnyMessageEnvelope } from '@profile/profile-domain';
import type { z } from 'zod';

/** The AMQP body and properties of an envelope; the properties mirror it for tools and the UI. */
export function encodeEnvelope(envelope: AnyMessageEnvelope): {
  content: Buffer;
  properties: Options.Publish;
} {
  return {
    content: Buffer.from(JSON.stringify(envelope)),
    properties: {
      persistent: true,
      contentType: 'application/json',
      messageId: envelope.id,
      correlationId: envelope.correlationId,
      type: envelope.type,
      timestamp: Math.floor(Date.parse(envelope.occurredAt) / 1000),
    },
  };
}

export type Decoded<T> =
  { ok: true; envelope: T } | { ok: false; error: string; envelope?: AnyMessageEnvelope };

/** Parses and validates a delivery's body; on failure says why, with whatever envelope it could read. */
export function decodeEnvelope<Schema extends z.ZodType>(
  message: Pick<ConsumeMessage, 'content'>,
  schema: Schema,
): Decoded<z.output<Schema>> {
  let body: unknown;
  try {
    body = JSON.parse(message.content.toString('utf8'));
  } catch {
    return { ok: false, error: 'body is not JSON' };
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, envelope: parsed.data };
  const loose = anyMessageEnvelopeSchema.safeParse(body);
  return {
    ok: false,
    error: parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`)
      .join('; '),
    envelope: loose.success ? loose.data : undefined,
  };
}
