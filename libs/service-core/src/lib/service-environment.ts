import { env } from '@profile/profile-domain';

/** Schema fields behind ServiceEnvironment, for the apps' environment schemas to include. */
export const serviceEnvironmentFields = (defaultPort: number) => ({
  NODE_ENV: env.nodeEnv(),
  PORT: env.port(defaultPort),
  LOG_LEVEL: env.logLevel(),
  HTTP_REQUEST_TIMEOUT_MS: env.integer(30_000, 1_000, 300_000),
  SHUTDOWN_DRAIN_MS: env.integer(0, 0, 60_000),
  SHUTDOWN_TIMEOUT_MS: env.integer(25_000, 1_000, 300_000),
});
