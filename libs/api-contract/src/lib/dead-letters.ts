import { z } from 'zod';
import { resourceIdSchema, singleQueryValue } from './pagination';

export const MAX_DEAD_LETTER_PAGE = 500;
export const DEFAULT_DEAD_LETTER_PAGE = 100;

const limitRule = `must be an integer from 1 to ${MAX_DEAD_LETTER_PAGE}`;

/** `GET /api/v1/dead-letters?limit=`: how many messages to read, from the head of each queue. */
export const deadLetterListQuerySchema = z.object({
  limit: z
    .codec(
      singleQueryValue().regex(/^\d{1,3}$/, limitRule),
      z.int({ error: limitRule }).min(1, limitRule).max(MAX_DEAD_LETTER_PAGE, limitRule),
      { decode: Number, encode: String },
    )
    .default(DEFAULT_DEAD_LETTER_PAGE)
    .meta({ description: 'How many messages to list at most' }),
});
export type DeadLetterListQuery = Partial<z.output<typeof deadLetterListQuerySchema>>;

/** `:messageId` of a dead-lettered message: every message the platform publishes has a UUID. */
export const messageIdParamsSchema = z.object({ messageId: resourceIdSchema });

/** A message the broker dead-lettered, as its headers describe it. */
export const deadLetterSchema = z.strictObject({
  messageId: z.string().nullable(),
  queue: z.string().meta({ description: 'The dead-letter queue that holds it' }),
  type: z.string().nullable(),
  correlationId: z.string().nullable(),
  exchange: z
    .string()
    .nullable()
    .meta({ description: 'Where it was first published, and where a replay sends it' }),
  routingKey: z.string().nullable(),
  reason: z
    .string()
    .nullable()
    .meta({ description: 'rejected, delivery_limit, expired or maxlen, as RabbitMQ says' }),
  deadLetteredFrom: z.string().nullable().meta({ description: 'The queue it left' }),
  deadLetteredAt: z.iso.datetime({ offset: true }).nullable(),
  deaths: z.int().min(0).meta({ description: 'How many times it was dead-lettered' }),
});
export type DeadLetter = z.output<typeof deadLetterSchema>;

/** `GET /api/v1/dead-letters`: the first messages of the dead-letter queues, and how many each holds. */
export const deadLetterPageSchema = z.strictObject({
  items: z.array(deadLetterSchema),
  queues: z.array(z.strictObject({ name: z.string(), messages: z.int().min(0) })),
});
export type DeadLetterPage = z.output<typeof deadLetterPageSchema>;

/** `GET /api/v1/dead-letters/:messageId`: the message with its headers and body. */
export const deadLetterDetailSchema = z.strictObject({
  ...deadLetterSchema.shape,
  contentType: z.string().nullable(),
  headers: z.record(z.string(), z.unknown()),
  body: z.string().meta({ description: 'The body as UTF-8 text (JSON for every message here)' }),
});
export type DeadLetterDetail = z.output<typeof deadLetterDetailSchema>;

/** `POST /api/v1/dead-letters/:messageId/replay`: the messages republished (every copy of the id). */
export const deadLetterReplaySchema = z.strictObject({ replayed: z.array(deadLetterSchema) });
export type DeadLetterReplay = z.output<typeof deadLetterReplaySchema>;
