import { z } from 'zod';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** A query parameter given once; a repeated one arrives as an array and is refused. */
export const singleQueryValue = () => z.string({ error: 'must be given once' });

const limitRule = `must be an integer from 1 to ${MAX_PAGE_SIZE}`;

/**
 * `limit` of a list: decimal digits on the wire, a number once read. A codec, so a client encodes a
 * number with the same schema the api decodes it with.
 */
export const pageLimitParameter = z
  .codec(
    singleQueryValue().regex(/^\d{1,3}$/, limitRule),
    z.int({ error: limitRule }).min(1, limitRule).max(MAX_PAGE_SIZE, limitRule),
    { decode: Number, encode: String },
  )
  .default(DEFAULT_PAGE_SIZE)
  .meta({ description: 'How many items a page holds' });

/** `cursor` of a list: opaque, the `nextCursor` of the page before. */
export const pageCursorParameter = singleQueryValue().meta({
  description: 'The nextCursor of the previous page',
});

/** `limit` and `cursor` of a keyset-paginated list's query string. */
export const pageQueryFields = {
  limit: pageLimitParameter,
  cursor: pageCursorParameter.optional(),
};

/** A page of a list, newest first; `nextCursor` continues it. */
export function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'null on the last page' }),
  });
}

export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

/** A resource's id: a UUID in either case. */
export const RESOURCE_ID_PATTERN =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** `:id` of a resource route: a UUID in either case, read in lower case as the api stores it. */
export const resourceIdSchema = z
  .string()
  .regex(RESOURCE_ID_PATTERN, 'must be a UUID')
  .transform((id) => id.toLowerCase())
  .meta({ format: 'uuid' });

export const idParamsSchema = z.object({ id: resourceIdSchema });
