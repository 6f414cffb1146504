import { type Page, pageCursorParameter, pageQueryFields } from '@profile/api-contract';
import { z } from 'zod';
import { decodeCursor, encodeCursor, KeysetCursor } from './keyset-cursor';

/**
 * `limit` and `cursor` of the contract, with the cursor read back into the keyset position it
 * encodes.
 */
export const keysetPageQueryFields = {
  ...pageQueryFields,
  cursor: pageCursorParameter
    .transform((text, context) => {
      const cursor = decodeCursor(text);
      if (!cursor)
        context.addIssue({ code: 'custom', message: 'is not a cursor this API returned' });
      return cursor ?? z.NEVER;
    })
    .optional(),
};

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
