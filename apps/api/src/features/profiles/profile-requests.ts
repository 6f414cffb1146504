import { profileListQuerySchema } from '@profile/api-contract';
import type { z } from 'zod';
import { keysetPageQueryFields } from '../../platform/pagination/page-query';

/** The contract's list query, its cursor read back into a keyset position. */
export const profileListQuery = profileListQuerySchema.extend(keysetPageQueryFields);
export type ProfileListQuery = z.output<typeof profileListQuery>;
