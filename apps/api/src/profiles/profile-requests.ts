import {
  codePointLength,
  hasControlCharacter,
  hasNulOrLoneSurrogate,
} from '@profile/profile-domain';
import { z } from 'zod';
import { decodeCursor } from './profile-cursor';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
const MAX_SEARCH_LENGTH = 100;

/** `:id` in the profile routes, normalised to lower case as PostgreSQL returns it. */
export const profileIdParams = z.object({
  id: z
    .string()
    .regex(
      /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
      'must be a UUID',
    )
    .transform((id) => id.toLowerCase()),
});

export const profileListQuery = z.object({
  limit: z
    .string()
    .regex(/^\d{1,3}$/, `must be an integer from 1 to ${MAX_PAGE_SIZE}`)
    .transform(Number)
    .refine(
      (limit) => limit >= 1 && limit <= MAX_PAGE_SIZE,
      `must be an integer from 1 to ${MAX_PAGE_SIZE}`,
    )
    .default(DEFAULT_PAGE_SIZE),
  cursor: z
    .string()
    .transform((text, context) => {
      const cursor = decodeCursor(text);
      if (!cursor)
        context.addIssue({ code: 'custom', message: 'is not a cursor this API returned' });
      return cursor ?? z.NEVER;
    })
    .optional(),
  q: z
    .string()
    .refine(
      (text) =>
        !hasNulOrLoneSurrogate(text) &&
        !hasControlCharacter(text) &&
        codePointLength(text) <= MAX_SEARCH_LENGTH,
      `must be at most ${MAX_SEARCH_LENGTH} characters without control characters`,
    )
    .optional(),
});

export type ProfileListQuery = z.output<typeof profileListQuery>;
