import { messagingEnvironmentFields } from '@profile/messaging';
import { env, parseEnvironment } from '@profile/profile-domain';
import { serviceEnvironmentFields } from '@profile/service-core';
import { z } from 'zod';

export const WORKER_PORT = 30081;

export const workerEnvironmentSchema = z
  .object({
    ...serviceEnvironmentFields(WORKER_PORT),
    ...messagingEnvironmentFields,
    API_URL: env.url(['http:', 'https:'], 'http://127.0.0.1:30080'),
    API_TIMEOUT_MS: env.integer(5_000, 100, 60_000),
    /** A key of the api's API_KEYS with read scope; handlers read profiles with it. */
    WORKER_API_KEY: z.string().min(1).optional(),
    /** Task messages one worker process handles at once. */
    WORKER_PREFETCH: env.integer(32, 1, 100),
  })
  .superRefine((environment, context) => {
    if (environment.NODE_ENV === 'production' && environment.WORKER_API_KEY === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['WORKER_API_KEY'],
        message: 'is required when NODE_ENV=production',
      });
    }
  });

export type WorkerEnvironment = z.output<typeof workerEnvironmentSchema>;

export const WORKER_ENVIRONMENT = Symbol('WORKER_ENVIRONMENT');

export function loadWorkerEnvironment(
  source: Record<string, string | undefined> = process.env,
): WorkerEnvironment {
  return parseEnvironment(workerEnvironmentSchema, source);
}
