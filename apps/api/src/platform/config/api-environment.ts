import { cacheEnvironmentFields } from '@profile/cache';
import { messagingEnvironmentFields } from '@profile/messaging';
import { env, parseEnvironment } from '@profile/profile-domain';
import { serviceEnvironmentFields } from '@profile/service-core';
import { z } from 'zod';
import { parseApiKeys } from '../auth/api-key';

export const API_PORT = 30080;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

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
    REMINDER_DELAY_MS: env.integer(DAY_MS, 0, 7 * DAY_MS),
    TASK_RETRY_BASE_MS: env.integer(5_000, 1, HOUR_MS),
    TASK_RETRY_MAX_MS: env.integer(10 * MINUTE_MS, 1, DAY_MS),
    TASK_RESULTS_PREFETCH: env.integer(100, 1, 1_000),
    /** A queued attempt not started within this long is counted as failed (see TaskReconciler). */
    TASK_START_TIMEOUT_MS: env.integer(10 * MINUTE_MS, 1_000, DAY_MS),
    /** How long past its type's time limit a running attempt's outcome may take to arrive. */
    TASK_RESULT_GRACE_MS: env.integer(MINUTE_MS, 1_000, HOUR_MS),
    TASK_RECONCILE_INTERVAL_MS: env.integer(30_000, 100, HOUR_MS),
    /** How long a worker's lease lasts unrenewed; then a new delivery may take its attempts over. */
    WORKER_LEASE_MS: env.integer(15_000, 1_000, HOUR_MS),
    OUTBOX_BATCH_SIZE: env.integer(100, 1, 1_000),
    OUTBOX_POLL_INTERVAL_MS: env.integer(10_000, 10, MINUTE_MS),
    OUTBOX_CLAIM_TTL_MS: env.integer(30_000, 1_000, HOUR_MS),
    HOUSEKEEPING_INTERVAL_MS: env.integer(MINUTE_MS, 100, DAY_MS),
    OUTBOX_RETENTION_MS: env.integer(7 * DAY_MS, MINUTE_MS, 365 * DAY_MS),
    TASK_RETENTION_MS: env.integer(30 * DAY_MS, MINUTE_MS, 365 * DAY_MS),
    IDEMPOTENCY_KEY_RETENTION_MS: env.integer(DAY_MS, MINUTE_MS, 30 * DAY_MS),
    /** Prometheus to read the metric history from; unset (or empty), the api's own samples. */
    PROMETHEUS_URL: z
      .string()
      .optional()
      .transform((value) => value || undefined)
      .refine(
        (value) =>
          value === undefined ||
          (URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol)),
        'must be a URL with scheme http or https',
      ),
  })
  .superRefine((environment, context) => {
    if (environment.NODE_ENV === 'production' && environment.API_KEYS.length === 0) {
      context.addIssue({
        code: 'custom',
        path: ['API_KEYS'],
        message: 'is required when NODE_ENV=production (name:scope:secret, comma-separated)',
      });
    }
    // A relay whose claim lapsed before its publish timed out could publish a row another relay
    // has taken over, or one a cancel has removed.
    if (environment.OUTBOX_CLAIM_TTL_MS < 2 * environment.PUBLISH_TIMEOUT_MS) {
      context.addIssue({
        code: 'custom',
        path: ['OUTBOX_CLAIM_TTL_MS'],
        message: 'must be at least twice PUBLISH_TIMEOUT_MS',
      });
    }
    if (environment.TASK_RETRY_MAX_MS < environment.TASK_RETRY_BASE_MS) {
      context.addIssue({
        code: 'custom',
        path: ['TASK_RETRY_MAX_MS'],
        message: 'must be at least TASK_RETRY_BASE_MS',
      });
    }
    // A task must outlive the idempotency key that replays it.
    if (environment.TASK_RETENTION_MS < environment.IDEMPOTENCY_KEY_RETENTION_MS) {
      context.addIssue({
        code: 'custom',
        path: ['TASK_RETENTION_MS'],
        message: 'must be at least IDEMPOTENCY_KEY_RETENTION_MS',
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
