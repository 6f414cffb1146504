import { Injectable } from '@nestjs/common';
import type { TaskType } from '@profile/profile-domain';

export interface WorkerStatusReport {
  uptimeSeconds: number;
  inFlight: Partial<Record<TaskType, number>>;
  processed: Partial<Record<TaskType, { succeeded: number; failed: number }>>;
}

/** What this process has done since it started, for `GET /status`. */
@Injectable()
export class WorkerStatus {
  private readonly startedAt = Date.now();
  private readonly inFlight = new Map<TaskType, number>();
  private readonly processed = new Map<TaskType, { succeeded: number; failed: number }>();

  taskStarted(type: TaskType): void {
    this.inFlight.set(type, (this.inFlight.get(type) ?? 0) + 1);
  }

  /** An attempt ended: with an outcome, or given back to the queue (none). */
  taskEnded(type: TaskType, outcome?: 'succeeded' | 'failed'): void {
    this.inFlight.set(type, (this.inFlight.get(type) ?? 1) - 1);
    if (!outcome) return;
    const counts = this.processed.get(type) ?? { succeeded: 0, failed: 0 };
    counts[outcome] += 1;
    this.processed.set(type, counts);
  }

  report(): WorkerStatusReport {
    return {
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      inFlight: Object.fromEntries(this.inFlight),
      processed: Object.fromEntries(
        [...this.processed].map(([type, counts]) => [type, { ...counts }]),
      ),
    };
  }
}
