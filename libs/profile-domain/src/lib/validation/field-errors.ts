import type { z } from 'zod';

/** One reason an input was refused: the field (dotted path, '' for the whole input) and why. */
export interface FieldError {
  path: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/**
 * Validates `input`, naming every bad field. Unknown keys are reported one by one (never dropped),
 * with `describeUnknownKey` saying why each is refused.
 */
export function validate<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  describeUnknownKey: (key: string) => string = () => 'is not a known field',
): Validated<z.output<Schema>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    errors: result.error.issues.flatMap((issue): FieldError[] => {
      const path = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({
          path: path ? `${path}.${key}` : key,
          message: describeUnknownKey(key),
        }));
      }
      return [{ path, message: issue.message }];
    }),
  };
}
