import { z } from 'zod';
import { decodeCursor, encodeCursor, KeysetCursor } from './keyset-cursor';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** A query parameter given once; Fastify makes a repeated one an array. */
export const singleQueryValue = () => z.string({ error: 'must be given once' });

/** `limit` and `cursor` of a keyset-paginated list's query string. */
export const pageQueryFields = {
  limit: singleQueryValue()
    .regex(/^\d{1,3}$/, `must be an integer from 1 to ${MAX_PAGE_SIZE}`)
    .transform(Number)
    .refine(
      (limit) => limit >= 1 && limit <= MAX_PAGE_SIZE,
      `must be an integer from 1 to ${MAX_PAGE_SIZE}`,
    )
    .default(DEFAULT_PAGE_SIZE),
  cursor: singleQueryValue()
    .transform((text, context) => {
      const cursor = decodeCursor(text);
      if (!cursor)
        context.addIssue({ code: 'custom', message: 'is not a cursor this API returned' });
      return cursor ?? z.NEVER;
    })
    .optional(),
};

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * The page of a query that fetched one row more than `limit`: that extra row only tells whether
 * another page follows.
 */
export function pageOf<Row extends KeysetCursor, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
): Page<Item> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(toItem),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}
