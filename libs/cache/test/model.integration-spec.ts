import { eventually } from '@profile/testing';
import fc from 'fast-check';
import Redis from 'ioredis';
import type { CacheRecord, CacheSnapshot } from '../src/lib/profile-cache';
import type { RedisProfileCache } from '../src/lib/redis-profile-cache';
import { CacheFixture } from './support/cache-fixture';
import { FifoModel, ModelSnapshot } from './support/fifo-model';
import { RecordedCall, RecordingFifo } from './support/recording-fifo';
import { RedisServer } from './support/redis-server';

/**
 * Random operation sequences against real Redis, compared step by step with FifoModel: first from
 * one client, then from several connections at once, where MONITOR tells the order in which Redis
 * ran the scripts and the model replays them in that order.
 */
const IDS = ['a', 'b', 'c', 'd', 'e', 'f'];
const MAX_ENTRIES = 3;
const HOUR_MS = 3_600_000;
const TTLS = { newMs: HOUR_MS, updatedMs: HOUR_MS, leaseMs: HOUR_MS, markerMs: HOUR_MS };

let server: RedisServer;
const fixture = new CacheFixture();

beforeAll(async () => {
  server = await RedisServer.start();
});
afterEach(() => fixture.closeAll());
afterAll(() => server.kill());

const recordOf = (id: string, version: number): CacheRecord => ({
  payload: `${id}:v${version}`,
  version,
});

/** The profile table the loaders read: every id starts at version 1; a delete is for good. */
class ProfileTable {
  private readonly versions = new Map<string, number | 'deleted'>(IDS.map((id) => [id, 1]));

  current(id: string): CacheRecord | null {
    const version = this.versions.get(id);
    return typeof version === 'number' ? recordOf(id, version) : null;
  }

  update(id: string): CacheRecord | null {
    const current = this.current(id);
    if (!current) return null;
    this.versions.set(id, current.version + 1);
    return recordOf(id, current.version + 1);
  }

  delete(id: string): boolean {
    const existed = this.current(id) !== null;
    this.versions.set(id, 'deleted');
    return existed;
  }
}

function snapshotOf(snapshot: CacheSnapshot): ModelSnapshot {
  return {
    size: snapshot.size,
    order: snapshot.entries.map((entry) => `${entry.id}@${entry.version}`),
    stats: snapshot.stats,
  };
}

describe('the FIFO against its model', () => {
  interface Model {
    fifo: FifoModel;
    table: ProfileTable;
  }
  interface Real {
    cache: RedisProfileCache;
  }
  type Command = fc.AsyncCommand<Model, Real>;

  const id = fc.constantFrom(...IDS);

  class Read implements Command {
    constructor(readonly id: string) {}
    check = () => true;
    async run(model: Model, real: Real): Promise<void> {
      const lookup = model.fifo.lookup(this.id, true);
      const loaded = model.table.current(this.id);
      if (!lookup.hit && lookup.lease && loaded) {
        model.fifo.fill(this.id, lookup.lease, loaded.payload, loaded.version);
      }
      const expected = lookup.hit
        ? { outcome: 'HIT', record: { payload: lookup.payload, version: lookup.version } }
        : { outcome: 'MISS', record: loaded };
      expect(await real.cache.getOrLoad(this.id, async () => loaded)).toEqual(expected);
    }
    toString = () => `read(${this.id})`;
  }

  class Update implements Command {
    constructor(readonly id: string) {}
    check = (model: Readonly<Model>) => model.table.current(this.id) !== null;
    async run(model: Model, real: Real): Promise<void> {
      const updated = model.table.update(this.id)!;
      const { applied } = model.fifo.write(this.id, updated.payload, updated.version);
      expect(await real.cache.writeThrough(this.id, updated.payload, updated.version)).toBe(
        applied ? 'applied' : 'superseded',
      );
    }
    toString = () => `update(${this.id})`;
  }

  /** A write-through of an older version arriving late. */
  class LateWrite implements Command {
    constructor(
      readonly id: string,
      readonly behind: number,
    ) {}
    check = () => true;
    async run(model: Model, real: Real): Promise<void> {
      const version = Math.max(1, (model.table.current(this.id)?.version ?? 3) - this.behind);
      const late = recordOf(this.id, version);
      const { applied } = model.fifo.write(this.id, late.payload, late.version);
      expect(await real.cache.writeThrough(this.id, late.payload, late.version)).toBe(
        applied ? 'applied' : 'superseded',
      );
    }
    toString = () => `lateWrite(${this.id}, -${this.behind})`;
  }

  class Delete implements Command {
    constructor(readonly id: string) {}
    check = (model: Readonly<Model>) => model.table.current(this.id) !== null;
    async run(model: Model, real: Real): Promise<void> {
      model.table.delete(this.id);
      model.fifo.remove(this.id);
      expect(await real.cache.invalidate(this.id)).toBe('applied');
    }
    toString = () => `delete(${this.id})`;
  }

  class Clear implements Command {
    check = () => true;
    async run(model: Model, real: Real): Promise<void> {
      model.fifo.clear();
      await real.cache.clear();
    }
    toString = () => 'clear';
  }

  class Inspect implements Command {
    check = () => true;
    async run(model: Model, real: Real): Promise<void> {
      expect(snapshotOf(await real.cache.entries())).toEqual(model.fifo.snapshot());
    }
    toString = () => 'inspect';
  }

  const commands = fc.commands(
    [
      id.map((key) => new Read(key)),
      id.map((key) => new Read(key)),
      id.map((key) => new Update(key)),
      fc
        .tuple(id, fc.integer({ min: 0, max: 2 }))
        .map(([key, behind]) => new LateWrite(key, behind)),
      id.map((key) => new Delete(key)),
      fc.constant(new Clear()),
      fc.constant(new Inspect()),
    ],
    { maxCommands: 40 },
  );

  it('agrees with the model operation by operation from one client', async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (sequence) => {
        const { cache } = await fixture.open({
          url: server.url,
          maxEntries: MAX_ENTRIES,
          ttls: TTLS,
        });
        const model: Model = { fifo: new FifoModel(MAX_ENTRIES), table: new ProfileTable() };
        await fc.asyncModelRun(() => ({ model, real: { cache } }), sequence);
        expect(snapshotOf(await cache.entries())).toEqual(model.fifo.snapshot());
        await fixture.closeAll();
      }),
      { numRuns: 40 },
    );
  });

  describe('with several clients at once', () => {
    const CLIENTS = 3;
    let monitor: Redis;
    const executed: string[] = [];

    beforeAll(async () => {
      monitor = await new Redis(server.url).monitor();
      monitor.on('monitor', (_time: string, args: string[], source: string) => {
        if (args[0] === 'evalsha' || args[0] === 'eval') executed.push(source);
      });
    });
    afterAll(() => monitor.disconnect());

    type Step =
      | { kind: 'read'; id: string; pauses: number }
      | { kind: 'update' | 'delete' | 'late-write'; id: string }
      | { kind: 'inspect' | 'clear' };

    const step: fc.Arbitrary<Step> = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.record({ kind: fc.constant('read' as const), id, pauses: fc.nat(3) }),
      },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('update' as const), id }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('late-write' as const), id }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), id }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('inspect' as const) }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
    );

    async function perform(
      cache: RedisProfileCache,
      table: ProfileTable,
      action: Step,
    ): Promise<void> {
      switch (action.kind) {
        case 'read': {
          // The loader yields to the other clients before it reads, as a database query would.
          const load = async () => {
            for (let i = 0; i < action.pauses; i++) await new Promise(setImmediate);
            return table.current(action.id);
          };
          await cache.getOrLoad(action.id, load);
          return;
        }
        case 'update': {
          const updated = table.update(action.id);
          if (updated) await cache.writeThrough(action.id, updated.payload, updated.version);
          return;
        }
        case 'late-write': {
          const current = table.current(action.id);
          if (current && current.version > 2) {
            const late = recordOf(action.id, current.version - 1);
            await cache.writeThrough(action.id, late.payload, late.version);
          }
          return;
        }
        case 'delete':
          if (table.delete(action.id)) await cache.invalidate(action.id);
          return;
        case 'inspect':
          await cache.entries();
          return;
        case 'clear':
          await cache.clear();
          return;
      }
    }

    function replay(model: FifoModel, call: RecordedCall): void {
      switch (call.script) {
        case 'lookup':
          expect(call.result).toEqual(model.lookup(call.id, call.leaseTtlMs > 0));
          return;
        case 'fill':
          expect(call.result).toEqual(model.fill(call.id, call.lease, call.payload, call.version));
          return;
        case 'write':
          expect(call.result).toEqual(model.write(call.id, call.payload, call.version));
          return;
        case 'remove':
          expect(call.result).toEqual(model.remove(call.id));
          return;
        case 'snapshot':
          expect({
            size: call.result.effects.size,
            order: call.result.entries.map((entry) => `${entry.id}@${entry.version}`),
            stats: call.result.stats,
          }).toEqual(model.snapshot());
          return;
        case 'clear':
          expect(call.result).toEqual(model.clear());
          return;
      }
    }

    it('agrees with the model replayed in the order Redis ran the scripts, and holds no stale entry', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(step, { minLength: 10, maxLength: 30 }), {
            minLength: CLIENTS,
            maxLength: CLIENTS,
          }),
          async (plans) => {
            executed.length = 0;
            const table = new ProfileTable();
            const recorders = new Map<string, RecordingFifo>();
            const first = await fixture.open({ url: server.url });
            const clients = await Promise.all(
              plans.map(async () => {
                const opened = await fixture.open({
                  url: server.url,
                  prefix: first.prefix,
                  maxEntries: MAX_ENTRIES,
                  ttls: TTLS,
                  fifo: (...args) => new RecordingFifo(...args),
                });
                const info = String(await opened.redis.call('CLIENT', 'INFO'));
                recorders.set(/addr=(\S+)/.exec(info)![1], opened.fifo as RecordingFifo);
                return opened.cache;
              }),
            );

            await Promise.all(
              clients.map(async (cache, index) => {
                for (const action of plans[index]) await perform(cache, table, action);
              }),
            );

            const total = [...recorders.values()].reduce((sum, fifo) => sum + fifo.calls.length, 0);
            await eventually(async () => expect(executed.length).toBe(total), 5_000);
            const model = new FifoModel(MAX_ENTRIES);
            const next = new Map([...recorders.keys()].map((address) => [address, 0]));
            for (const address of executed) {
              const index = next.get(address)!;
              next.set(address, index + 1);
              replay(model, recorders.get(address)!.calls[index]);
            }

            const final = await first.cache.entries();
            expect(snapshotOf(final)).toEqual({ ...model.snapshot(), stats: final.stats });
            for (const entry of final.entries) {
              expect(table.current(entry.id)?.version).toBe(entry.version);
            }
            await fixture.closeAll();
          },
        ),
        { numRuns: 10 },
      );
    });
  });
});
