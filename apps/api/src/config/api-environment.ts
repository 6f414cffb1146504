import { cacheEnvironmentFields } from '@profile/cache';
import { messagingEnvironmentFields } from '@profile/messaging';
import { env, parseEnvironment } from '@profile/profile-domain';
import { serviceEnvironmentFields } from '@profile/service-core';
import { z } from 'zod';
import { parseApiKeys } from '../auth/api-key';

export const API_PORT = 30080;

const apiKeys = z
  .string()
  .optional()
  .transform((value, context) => {
    try {
      return parseApiKeys(value ?? '');
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

export const apiEnvironmentSchema = z
  .object({
    ...serviceEnvironmentFields(API_PORT),
    ...cacheEnvironmentFields,
    ...messagingEnvironmentFields,
    DATABASE_URL: env.url(
      ['postgres:', 'postgresql:'],
      'postgres://postgres@127.0.0.1:5432/profiles',
    ),
    DB_POOL_SIZE: env.integer(10, 1, 200),
    DB_STATEMENT_TIMEOUT_MS: env.integer(5_000, 100, 600_000),
    API_KEYS: apiKeys,
    RATE_LIMIT_TTL_MS: env.integer(60_000, 1_000, 3_600_000),
    RATE_LIMIT_LIMIT: env.integer(600, 1, 1_000_000),
    WORKER_URL: env.url(['http:', 'https:'], 'http://127.0.0.1:30081'),
    WORKER_TIMEOUT_MS: env.integer(1_000, 50, 30_000),
    CACHE_REPAIR_INTERVAL_MS: env.integer(1_000, 50, 60_000),
  })
  .superRefine((environment, context) => {
    if (environment.NODE_ENV === 'production' && environment.API_KEYS.length === 0) {
      context.addIssue({
        code: 'custom',
        path: ['API_KEYS'],
        message: 'is required when NODE_ENV=production (name:scope:secret, comma-separated)',
      });
    }
  });

export type ApiEnvironment = z.output<typeof apiEnvironmentSchema>;

/** The validated environment, provided to the api's classes that need settings. */
export const API_ENVIRONMENT = Symbol('API_ENVIRONMENT');

export function loadApiEnvironment(
  source: Record<string, string | undefined> = process.env,
): ApiEnvironment {
  return parseEnvironment(apiEnvironmentSchema, source);
}
