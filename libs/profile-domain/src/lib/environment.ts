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

/** Validates `env` against `schema`, returning typed values with defaults applied. */
export function parseEnvironment<Schema extends z.ZodType>(
  schema: Schema,
  env: Record<string, string | undefined>,
): z.output<Schema> {
  const result = schema.safeParse(env);
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

/** Field builders shared by the apps' environment schemas. Values arrive as strings. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback),
  integer: (fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
    z.coerce.number().int().min(min).max(max).default(fallback),
  url: (protocols: readonly string[], fallback: string) =>
    z
      .string()
      .default(fallback)
      .refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
        message: `must be a URL with scheme ${protocols.map((p) => p.replace(':', '')).join(' or ')}`,
      }),
  logLevel: () =>
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  nodeEnv: () => z.enum(['development', 'test', 'production']).default('development'),
};
