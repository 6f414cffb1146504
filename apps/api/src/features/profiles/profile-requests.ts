import {
  codePointLength,
  hasControlCharacter,
  hasNulOrLoneSurrogate,
} from '@profile/profile-domain';
import { z } from 'zod';
import { pageQueryFields, singleQueryValue } from '../../platform/pagination/page-query';

const MAX_SEARCH_LENGTH = 100;

export const profileListQuery = z.object({
  ...pageQueryFields,
  q: singleQueryValue()
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
