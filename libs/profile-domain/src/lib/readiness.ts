import { z } from 'zod';

/** The state of one dependency, as readiness reports and consoles show it. */
export const dependencyStatusSchema = z.object({
  status: z.enum(['up', 'down']),
  /** Why a dependency is down, in words fit for an operator; never a secret. */
  message: z.string().optional(),
});
export type DependencyStatus = z.output<typeof dependencyStatusSchema>;
export type DependencyState = DependencyStatus['status'];

/** The readiness report served by `/health/ready` and read by consoles. */
export const readinessReportSchema = z.object({
  status: z.enum(['ok', 'error']),
  /** True while the process drains after SIGTERM. */
  shuttingDown: z.boolean(),
  details: z.record(z.string(), dependencyStatusSchema),
});
export type ReadinessReport = z.output<typeof readinessReportSchema>;

/** One dependency a service checks for readiness; `check` rejects when the dependency is down. */
export interface DependencyCheck {
  readonly name: string;
  check(): Promise<void>;
}
