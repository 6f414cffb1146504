import { env, parseEnvironment } from '@profile/profile-domain';
import { z } from 'zod';

export const WEB_PORT = 3000;

export const webEnvironmentSchema = z.object({
  PORT: env.port(WEB_PORT),
  API_URL: env.url(['http:', 'https:'], 'http://127.0.0.1:30080'),
  API_TIMEOUT_MS: env.integer(5_000, 100, 60_000),
});

export type WebEnvironment = z.output<typeof webEnvironmentSchema>;

let cached: WebEnvironment | undefined;

/** The validated environment of the web server (server-side code only). */
export function webEnvironment(): WebEnvironment {
  cached ??= parseEnvironment(webEnvironmentSchema, process.env);
  return cached;
}
