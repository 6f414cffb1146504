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

export type Parsed = { ok: true; body: unknown } | { ok: false; error: string };

export type Validated<T> =
  { ok: true; envelope: T } | { ok: false; error: string; envelope?: AnyMessageEnvelope };

/** A delivery's body as JSON. */
export function parseBody(message: Pick<ConsumeMessage, 'content'>): Parsed {
  try {
    return { ok: true, body: JSON.parse(message.content.toString('utf8')) };
  } catch {
    return { ok: false, error: 'body is not JSON' };
  }
}

/** The envelope's `type`, which names its handler, if the body has one. */
export function envelopeType(body: unknown): string | undefined {
  const type =
    typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : undefined;
}

/** Validates a parsed body; on failure says why, with whatever envelope it could read. */
export function validateEnvelope<Schema extends z.ZodType>(
  body: unknown,
  schema: Schema,
): Validated<z.output<Schema>> {
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
