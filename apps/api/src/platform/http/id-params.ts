import { z } from 'zod';

/** `:id` of a resource route: a UUID, normalised to lower case as PostgreSQL returns it. */
export const idParams = z.object({
  id: z
    .string()
    .regex(
      /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
      'must be a UUID',
    )
    .transform((id) => id.toLowerCase()),
});
