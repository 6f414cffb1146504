import { Injectable } from '@nestjs/common';
import {
  InjectMetric,
  makeCounterProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';
import type { TaskType } from '@profile/profile-domain';
import type { Counter, Histogram } from 'prom-client';

const PROCESSED = 'tasks_processed_total';
const DURATION = 'task_duration_seconds';
const LATENESS = 'task_start_lateness_seconds';

export const taskMetricProviders = [
  makeCounterProvider({
    name: PROCESSED,
    help: 'Task attempts finished, by type and outcome (succeeded or failed).',
    labelNames: ['type', 'outcome'],
  }),
  makeHistogramProvider({
    name: DURATION,
    help: 'How long task handlers ran, by type.',
    labelNames: ['type'],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60],
  }),
  makeHistogramProvider({
    name: LATENESS,
    help: 'How long after its runAt a task attempt started, by type.',
    labelNames: ['type'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
  }),
];

@Injectable()
export class TaskMetrics {
  constructor(
    @InjectMetric(PROCESSED) private readonly processed: Counter<string>,
    @InjectMetric(DURATION) private readonly duration: Histogram<string>,
    @InjectMetric(LATENESS) private readonly lateness: Histogram<string>,
  ) {}

  started(type: TaskType, runAt: Date, startedAt: Date): void {
    this.lateness.observe({ type }, Math.max(0, startedAt.getTime() - runAt.getTime()) / 1000);
  }

  finished(type: TaskType, outcome: 'succeeded' | 'failed', seconds: number): void {
    this.processed.inc({ type, outcome });
    this.duration.observe({ type }, seconds);
  }
}
