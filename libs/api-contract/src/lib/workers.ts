import { z } from 'zod';

/** `:workerId` of the worker lease routes: the id a worker process chose when it started. */
export const workerIdParamsSchema = z.strictObject({ workerId: z.uuid() });

/** `PUT /api/v1/workers/:workerId/lease`: the lease a live worker process renews. */
export const workerLeaseSchema = z.strictObject({
  workerId: z.uuid(),
  expiresAt: z.iso.datetime({ offset: true }).meta({
    description: 'Until then no other delivery may take over an attempt this worker claimed',
  }),
  renewAfterMs: z.int().min(1).meta({
    description: 'When the worker renews the lease, well before it expires',
  }),
});
export type WorkerLease = z.output<typeof workerLeaseSchema>;
