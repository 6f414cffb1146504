import {
  cacheOutcomeSchema,
  codePointLength,
  hasControlCharacter,
  hasNulOrLoneSurrogate,
  profileSchema,
} from '@profile/profile-domain';
import { z } from 'zod';
import { pageQueryFields, pageSchema, singleQueryValue } from './pagination';

export const MAX_SEARCH_LENGTH = 100;

/** `GET /api/v1/profiles?limit=&cursor=&q=` */
export const profileListQuerySchema = z.object({
  ...pageQueryFields,
  q: singleQueryValue()
    .refine(
      (text) =>
        !hasNulOrLoneSurrogate(text) &&
        !hasControlCharacter(text) &&
        codePointLength(text) <= MAX_SEARCH_LENGTH,
      `must be at most ${MAX_SEARCH_LENGTH} characters without control characters`,
    )
    .meta({
      maxLength: MAX_SEARCH_LENGTH,
      description: 'Matches username, displayName and e-mail literally, ignoring case',
    })
    .optional(),
});
/** What a client asks a list for; the api fills in the default limit. */
export type ProfileListQuery = Partial<z.output<typeof profileListQuerySchema>>;

export const profilePageSchema = pageSchema(profileSchema);
export type ProfilePage = z.output<typeof profilePageSchema>;

/** The `X-Cache` header of a read by id: how the cache served it. */
export const CACHE_OUTCOME_HEADER = 'x-cache';

/** The cache outcome a read's headers report, or undefined when they report none the contract knows. */
export function cacheOutcomeOf(headers: Headers): z.output<typeof cacheOutcomeSchema> | undefined {
  const parsed = cacheOutcomeSchema.safeParse(headers.get(CACHE_OUTCOME_HEADER));
  return parsed.success ? parsed.data : undefined;
}
