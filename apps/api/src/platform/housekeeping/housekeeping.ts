import { Injectable } from '@nestjs/common';

/** Deletes what has served its purpose from one table; answers how many rows went. */
export type Pruner = (now: Date) => Promise<number>;

/**
 * The pruners of every module that keeps rows past their use (sent outbox rows, finished tasks,
 * idempotency keys, applied message ids), each registered by the module that owns the table.
 */
@Injectable()
export class Housekeeping {
  private readonly pruners = new Map<string, Pruner>();

  register(name: string, pruner: Pruner): void {
    this.pruners.set(name, pruner);
  }

  /** Runs every pruner in turn; answers how many rows each deleted, by name. */
  async prune(now = new Date()): Promise<Record<string, number>> {
    const pruned: Record<string, number> = {};
    for (const [name, pruner] of this.pruners) pruned[name] = await pruner(now);
    return pruned;
  }
}

/** The moment `retentionMs` before `now`: what is older goes. */
export function retentionCutoff(now: Date, retentionMs: number): Date {
  return new Date(now.getTime() - retentionMs);
}
