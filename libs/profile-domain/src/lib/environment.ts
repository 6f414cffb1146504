import { z } from 'zod';

/** Thrown when the environment does not satisfy an app's schema; the message names every bad variable. */
export class EnvironmentError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'EnvironmentError';
  }
}

/** Variables whose values an error message must not repeat. */
const SECRET_VARIABLE = /(KEY|KEYS|SECRET|PASSWORD|TOKEN)$/;

/** `FOO=` (or only spaces) in a .env file or a manifest: the variable counts as unset. */
const isBlank = (value: unknown): boolean => typeof value === 'string' && value.trim() === '';

/** The variables that have a value: a blank one is left out, so that its default applies. */
function givenVariables(
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => !isBlank(value)));
}

/**
 * Validates `env` against `schema`, returning typed values with defaults applied. A blank variable
 * means unset: its default applies, and a required one is reported missing.
 */
export function parseEnvironment<Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined>,
): z.output<Schema> {
  const result = schema.safeParse(givenVariables(env));
  if (result.success) {
    return result.data;
  }
  throw new EnvironmentError(
    result.error.issues.map((issue) => {
      const variable = issue.path.join('.') || '(environment)';
      const name = issue.path[0];
      const shown = typeof name === 'string' && !SECRET_VARIABLE.test(name) ? env[name] : undefined;
      return shown === undefined
        ? `${variable}: ${issue.message}`
        : `${variable}: ${issue.message} (got "${shown}")`;
    }),
  );
}

/**
 * A field whose blank value counts as unset even when its schema is used on its own (without
 * parseEnvironment): `z.coerce.number()` would otherwise read `FOO=` as 0.
 */
const unsetWhenBlank = <Schema extends z.ZodType>(schema: Schema) =>
  z.preprocess((value) => (isBlank(value) ? undefined : value), schema);

/** Field builders shared by the apps' environment schemas. Values arrive as strings. */
export const env = {
  port: (fallback: number) =>
    unsetWhenBlank(z.coerce.number().int().min(1).max(65535).default(fallback)),
  integer: (fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
    unsetWhenBlank(z.coerce.number().int().min(min).max(max).default(fallback)),
  url: (protocols: readonly string[], fallback: string) =>
    unsetWhenBlank(
      z
        .string()
        .default(fallback)
        .refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
          message: `must be a URL with scheme ${protocols.map((p) => p.replace(':', '')).join(' or ')}`,
        }),
    ),
  logLevel: () =>
    unsetWhenBlank(
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
  nodeEnv: () =>
    unsetWhenBlank(z.enum(['development', 'test', 'production']).default('development')),
};
