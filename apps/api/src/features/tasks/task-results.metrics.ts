import { Injectable } from '@nestjs/common';
import type { TaskResultType } from '@profile/profile-domain';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';

const TASK_RESULTS = 'task_results_total';

/**
 * What became of a result message: applied, a duplicate of one applied before (same message id),
 * stale (for an attempt the task has moved past), or for a task that no longer exists.
 */
export type ResultDisposition = 'applied' | 'duplicate' | 'stale' | 'unknown-task';

export const taskResultsMetricProvider = makeCounterProvider({
  name: TASK_RESULTS,
  help: 'Result messages from the worker (task.started, task.outcome), by what the api did with them.',
  labelNames: ['type', 'disposition'],
});

@Injectable()
export class TaskResultsMetrics {
  constructor(
    @InjectMetric(TASK_RESULTS) private readonly results: Counter<'type' | 'disposition'>,
  ) {}

  handled(type: TaskResultType, disposition: ResultDisposition): void {
    this.results.inc({ type, disposition });
  }
}
