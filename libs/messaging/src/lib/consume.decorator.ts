import { EventPattern } from '@nestjs/microservices';
import type { z } from 'zod';

/** What the transport reads off a handler registered with `@Consume`. */
export interface ConsumeExtras {
  queue: string;
  schema: z.ZodType;
}

/**
 * Makes a controller method the handler of the messages of `types` (the envelope's `type`, which
 * is the pattern) arriving on `queue`. The transport validates each envelope against `schema`
 * before the handler sees it (`@Payload()`): one that does not fit is dead-lettered at once.
 * Resolving acks the message; throwing requeues it, within the queue's delivery limit.
 */
export function Consume(
  queue: string,
  types: string | readonly string[],
  schema: z.ZodType,
): MethodDecorator {
  const extras: ConsumeExtras = { queue, schema };
  return EventPattern([types].flat(), extras);
}
