import type {
  FifoChange,
  FifoEffects,
  FifoLookup,
  FifoSnapshot,
  LeaseRequest,
} from '../../src/lib/redis-fifo';
import { RedisFifo } from '../../src/lib/redis-fifo';
import type { FifoModel } from './fifo-model';

export type RecordedCall =
  | { script: 'lookup'; id: string; lease: LeaseRequest | null; result: FifoLookup }
  | {
      script: 'fill';
      id: string;
      lease: string;
      payload: string;
      version: number;
      ttlMs: number;
      result: FifoChange;
    }
  | {
      script: 'write';
      id: string;
      payload: string;
      version: number;
      ttlMs: number;
      fenceTtlMs: number;
      result: FifoChange;
    }
  | { script: 'remove'; id: string; tombstoneTtlMs: number; result: FifoChange }
  | { script: 'snapshot'; withEntries: boolean; result: FifoSnapshot }
  | { script: 'clear'; result: FifoEffects };

/** A RedisFifo that keeps every script call it made, with its answer, in the order it made them. */
export class RecordingFifo extends RedisFifo {
  readonly calls: RecordedCall[] = [];

  override async lookup(id: string, lease: LeaseRequest | null): Promise<FifoLookup> {
    const result = await super.lookup(id, lease);
    this.calls.push({ script: 'lookup', id, lease, result });
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
    this.calls.push({ script: 'fill', id, lease, payload, version, ttlMs, result });
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
    this.calls.push({ script: 'write', id, payload, version, ttlMs, fenceTtlMs, result });
    return result;
  }

  override async remove(id: string, tombstoneTtlMs: number): Promise<FifoChange> {
    const result = await super.remove(id, tombstoneTtlMs);
    this.calls.push({ script: 'remove', id, tombstoneTtlMs, result });
    return result;
  }

  override async snapshot(withEntries: boolean): Promise<FifoSnapshot> {
    const result = await super.snapshot(withEntries);
    this.calls.push({ script: 'snapshot', withEntries, result });
    return result;
  }

  override async clear(): Promise<FifoEffects> {
    const result = await super.clear();
    this.calls.push({ script: 'clear', result });
    return result;
  }
}

/** What the model answers to the recorded call, run at the Redis time the real script reported. */
export function modelAnswer(model: FifoModel, call: RecordedCall): unknown {
  const now = call.script === 'clear' ? call.result.now : call.result.effects.now;
  switch (call.script) {
    case 'lookup':
      return model.lookup(call.id, call.lease?.token ?? null, now);
    case 'fill':
      return model.fill(call.id, call.lease, call.payload, call.version, call.ttlMs, now);
    case 'write':
      return model.write(call.id, call.payload, call.version, call.ttlMs, call.fenceTtlMs > 0, now);
    case 'remove':
      return model.remove(call.id, call.tombstoneTtlMs > 0, now);
    case 'snapshot': {
      const snapshot = model.snapshot(now);
      return call.withEntries ? snapshot : { ...snapshot, entries: [] };
    }
    case 'clear':
      return model.clear(now);
  }
}
