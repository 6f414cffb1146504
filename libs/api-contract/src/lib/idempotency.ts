import { z } from 'zod';

/**
 * `Idempotency-Key` of `POST /api/v1/profiles` and `POST /api/v1/tasks`, when given: printable
 * ASCII, as the Idempotency-Key draft recommends. A key is the calling API key's own and is kept
 * 24 h: the same request again answers the resource the first one created, and the key with
 * another request (another body, or the other endpoint) is a 422.
 */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1-255 printable ASCII characters')
  .meta({
    description:
      'Kept 24 h per API key: a replay of the same request answers what the first one created',
  })
  .optional();

/** Set to `true` on the answer to a replayed create. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';
