import { dependencyStatusSchema, readinessReportSchema } from '@profile/profile-domain';
import { z } from 'zod';

/** `GET /api/v1/system`: the state of each part of the platform, for consoles. */
export const systemStatusSchema = z.object({
  api: dependencyStatusSchema,
  worker: dependencyStatusSchema,
  postgres: dependencyStatusSchema,
  redis: dependencyStatusSchema,
  rabbitmq: dependencyStatusSchema,
});
export type SystemStatus = z.output<typeof systemStatusSchema>;
export type SystemComponent = keyof SystemStatus;
export const SYSTEM_COMPONENTS = Object.keys(systemStatusSchema.shape) as SystemComponent[];

/** `GET /health/ready`, with 200 and with 503. */
export const readinessSchema = readinessReportSchema.extend({
  details: readinessReportSchema.shape.details.meta({
    description: 'postgres, redis and rabbitmq; only postgres being down makes the api unready',
  }),
});

/** `GET /health/live` */
export const livenessSchema = z.object({ status: z.literal('ok') });
