import type { FifoChange, FifoEffects, FifoLookup, FifoSnapshot } from '../../src/lib/redis-fifo';
import { RedisFifo } from '../../src/lib/redis-fifo';

export type RecordedCall =
  | { script: 'lookup'; id: string; leaseTtlMs: number; result: FifoLookup }
  | {
      script: 'fill';
      id: string;
      lease: string;
      payload: string;
      version: number;
      result: FifoChange;
    }
  | { script: 'write'; id: string; payload: string; version: number; result: FifoChange }
  | { script: 'remove'; id: string; result: FifoChange }
  | { script: 'snapshot'; result: FifoSnapshot }
  | { script: 'clear'; result: FifoEffects };

/** A RedisFifo that keeps every script call it made, with its answer, in the order it made them. */
export class RecordingFifo extends RedisFifo {
  readonly calls: RecordedCall[] = [];

  override async lookup(id: string, leaseTtlMs: number): Promise<FifoLookup> {
    const result = await super.lookup(id, leaseTtlMs);
    this.calls.push({ script: 'lookup', id, leaseTtlMs, result });
    return result;
  }

  override async fill(
    id: string,
    lease: string,
    payload: string,
    version: number,
    ttlMs: number,
  ): Promise<FifoChange> {
    const result = await super.fill(id, lease, payload, version, ttlMs);
    this.calls.push({ script: 'fill', id, lease, payload, version, result });
    return result;
  }

  override async write(
    id: string,
    payload: string,
    version: number,
    ttlMs: number,
    fenceTtlMs: number,
  ): Promise<FifoChange> {
    const result = await super.write(id, payload, version, ttlMs, fenceTtlMs);
    this.calls.push({ script: 'write', id, payload, version, result });
    return result;
  }

  override async remove(id: string, tombstoneTtlMs: number): Promise<FifoChange> {
    const result = await super.remove(id, tombstoneTtlMs);
    this.calls.push({ script: 'remove', id, result });
    return result;
  }

  override async snapshot(withEntries: boolean): Promise<FifoSnapshot> {
    const result = await super.snapshot(withEntries);
    this.calls.push({ script: 'snapshot', result });
    return result;
  }

  override async clear(): Promise<FifoEffects> {
    const result = await super.clear();
    this.calls.push({ script: 'clear', result });
    return result;
  }
}
