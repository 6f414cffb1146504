import { env, parseEnvironment } from '@profile/profile-domain';
import { z } from 'zod';

export const WEB_PORT = 3000;
export const SESSION_SECRET_MIN_LENGTH = 32;

/**
 * Seals session cookies when SESSION_SECRET is unset outside production, so that `make dev` works
 * without setup. It is public, so production refuses to start without a secret of its own.
 */
const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-do-not-deploy';

export const webEnvironmentSchema = z
  .object({
    NODE_ENV: env.nodeEnv(),
    PORT: env.port(WEB_PORT),
    API_URL: env.url(['http:', 'https:'], 'http://127.0.0.1:30080'),
    API_TIMEOUT_MS: env.integer(5_000, 100, 60_000),
    /** Seals (encrypts and signs) the session cookie that holds the operator's API key. */
    SESSION_SECRET: z
      .string()
      .min(
        SESSION_SECRET_MIN_LENGTH,
        `must be at least ${SESSION_SECRET_MIN_LENGTH} characters (e.g. openssl rand -hex 32)`,
      )
      .optional(),
  })
  .superRefine((environment, context) => {
    if (environment.NODE_ENV === 'production' && environment.SESSION_SECRET === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: `is required when NODE_ENV=production (at least ${SESSION_SECRET_MIN_LENGTH} characters)`,
      });
    }
  })
  .transform((environment) => ({
    ...environment,
    SESSION_SECRET: environment.SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET,
  }));

export type WebEnvironment = z.output<typeof webEnvironmentSchema>;

let cached: WebEnvironment | undefined;

/** The validated environment of the web server (server-side code only). */
export function webEnvironment(): WebEnvironment {
  cached ??= parseEnvironment(webEnvironmentSchema, process.env);
  return cached;
}
