import fc from 'fast-check';
import type { CacheRead } from '../src/lib/profile-cache';
import type { ProfileCacheTtls } from '../src/lib/profile-cache-settings';
import type { FifoLookup } from '../src/lib/redis-fifo';
import type { RedisProfileCache } from '../src/lib/redis-profile-cache';
import { CacheFixture, randomPrefix } from './support/cache-fixture';
import { clientAddress, CommandMonitor } from './support/command-monitor';
import { FifoModel } from './support/fifo-model';
import { ProfileTable, recordOf } from './support/profile-table';
import { modelAnswer, RecordedCall, RecordingFifo } from './support/recording-fifo';
import { RedisServer } from './support/redis-server';

/**
 * Random operation sequences against real Redis, compared call by call with FifoModel: first from
 * one client, then from several connections at once, where MONITOR tells the order in which Redis
 * ran the scripts and the model replays them in that order. Every script reports the Redis time it
 * ran at, so the model expires entries exactly; the runs with short TTLs pause between operations so
 * that entries do expire, among evictions, write-throughs and deletes.
 */
const IDS = ['a', 'b', 'c', 'd', 'e', 'f'];
const MAX_ENTRIES = 3;
const HOUR_MS = 3_600_000;
/** A property runs dozens of sequences; on a busy machine that takes far longer than Jest's 5 s. */
const PROPERTY_TIMEOUT_MS = 120_000;

interface TtlProfile {
  name: string;
  ttls: ProfileCacheTtls;
  /** Longest pause a sequence may make between operations; 0 for none. */
  maxPauseMs: number;
}

const TTL_PROFILES: TtlProfile[] = [
  {
    name: 'TTLs longer than a run',
    ttls: { newMs: HOUR_MS, updatedMs: HOUR_MS, leaseMs: HOUR_MS, markerMs: HOUR_MS },
    maxPauseMs: 0,
  },
  {
    // Leases and markers keep long TTLs: the model leaves their Redis expiry out.
    name: 'entry TTLs that expire during a run',
    ttls: { newMs: 120, updatedMs: 60, leaseMs: HOUR_MS, markerMs: HOUR_MS },
    maxPauseMs: 150,
  },
];

let server: RedisServer;
const fixture = new CacheFixture();

beforeAll(async () => {
  server = await RedisServer.start();
});
afterEach(() => fixture.closeAll());
afterAll(() => server.kill());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Checks a recorded call against the model and returns the model's answer. */
function checked<T>(model: FifoModel, call: RecordedCall): T {
  const answer = modelAnswer(model, call);
  expect(call.result).toEqual(answer);
  return answer as T;
}

/** What the generated runs made happen, so that a run that never evicts or expires cannot pass unseen. */
class Seen {
  expired = 0;
  evicted = 0;
  hits = 0;
  refusedFills = 0;
  supersededWrites = 0;

  add(calls: readonly RecordedCall[]): void {
    for (const call of calls) {
      const effects = call.script === 'clear' ? call.result : call.result.effects;
      this.expired += effects.expired;
      this.evicted += effects.evicted;
      if (call.script === 'lookup' && call.result.hit) this.hits += 1;
      if (call.script === 'fill' && !call.result.applied) this.refusedFills += 1;
      if (call.script === 'write' && !call.result.applied) this.supersededWrites += 1;
    }
  }
}

describe.each(TTL_PROFILES)('the FIFO against its model, $name', ({ ttls, maxPauseMs }) => {
  const id = fc.constantFrom(...IDS);

  function expectVariety(seen: Seen): void {
    expect(seen.evicted).toBeGreaterThan(0);
    expect(seen.hits).toBeGreaterThan(0);
    expect(seen.supersededWrites).toBeGreaterThan(0);
    if (maxPauseMs > 0) expect(seen.expired).toBeGreaterThan(0);
    else expect(seen.expired).toBe(0);
  }
  const pauseMs = fc.integer({ min: 1, max: Math.max(1, maxPauseMs) });

  describe('from one client', () => {
    interface Model {
      fifo: FifoModel;
      table: ProfileTable;
      /** Recorded calls already checked. */
      checked: number;
    }
    interface Real {
      cache: RedisProfileCache;
      recorder: RecordingFifo;
    }
    type Command = fc.AsyncCommand<Model, Real>;

    /** The script calls the last operation made. */
    function newCalls(model: Model, real: Real): RecordedCall[] {
      const calls = real.recorder.calls.slice(model.checked);
      model.checked = real.recorder.calls.length;
      return calls;
    }

    class Read implements Command {
      constructor(readonly id: string) {}
      check = () => true;
      async run(model: Model, real: Real): Promise<void> {
        const loaded = model.table.current(this.id);
        const read = await real.cache.getOrLoad(this.id, async () => loaded);
        const [lookupCall, ...rest] = newCalls(model, real);
        expect(lookupCall).toMatchObject({
          script: 'lookup',
          id: this.id,
          lease: { ttlMs: ttls.leaseMs },
        });
        const lookup = checked<FifoLookup>(model.fifo, lookupCall);
        if (lookup.hit) {
          expect(read).toEqual<CacheRead>({
            outcome: 'HIT',
            record: { payload: lookup.payload, version: lookup.version },
          });
          expect(rest).toEqual([]);
          return;
        }
        expect(read).toEqual<CacheRead>({ outcome: 'MISS', record: loaded });
        if (lookup.lease === null || loaded === null) {
          expect(rest).toEqual([]);
          return;
        }
        expect(rest).toMatchObject([
          {
            script: 'fill',
            id: this.id,
            lease: lookup.lease,
            ...loaded,
            ttlMs: ttls.newMs,
          },
        ]);
        checked(model.fifo, rest[0]);
      }
      toString = () => `read(${this.id})`;
    }

    class Update implements Command {
      constructor(readonly id: string) {}
      check = (model: Readonly<Model>) => model.table.current(this.id) !== null;
      async run(model: Model, real: Real): Promise<void> {
        const updated = model.table.update(this.id)!;
        await writeThrough(model, real, this.id, updated.version);
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
        const current = model.table.current(this.id)?.version ?? 3;
        await writeThrough(model, real, this.id, Math.max(1, current - this.behind));
      }
      toString = () => `lateWrite(${this.id}, -${this.behind})`;
    }

    async function writeThrough(model: Model, real: Real, key: string, version: number) {
      const { payload } = recordOf(key, version);
      const outcome = await real.cache.writeThrough(key, payload, version);
      const calls = newCalls(model, real);
      expect(calls).toMatchObject([
        {
          script: 'write',
          id: key,
          payload,
          version,
          ttlMs: ttls.updatedMs,
          fenceTtlMs: ttls.markerMs,
        },
      ]);
      const { applied } = checked<{ applied: boolean }>(model.fifo, calls[0]);
      expect(outcome).toBe(applied ? 'applied' : 'superseded');
    }

    class Delete implements Command {
      constructor(readonly id: string) {}
      check = (model: Readonly<Model>) => model.table.current(this.id) !== null;
      async run(model: Model, real: Real): Promise<void> {
        model.table.delete(this.id);
        expect(await real.cache.invalidate(this.id)).toBe('applied');
        const calls = newCalls(model, real);
        expect(calls).toMatchObject([
          { script: 'remove', id: this.id, tombstoneTtlMs: ttls.markerMs },
        ]);
        checked(model.fifo, calls[0]);
      }
      toString = () => `delete(${this.id})`;
    }

    class Clear implements Command {
      check = () => true;
      async run(model: Model, real: Real): Promise<void> {
        await real.cache.clear();
        const calls = newCalls(model, real);
        expect(calls).toMatchObject([{ script: 'clear' }]);
        checked(model.fifo, calls[0]);
      }
      toString = () => 'clear';
    }

    /** entries(): the FIFO order, versions, insertion and expiry times, and the global stats. */
    class Inspect implements Command {
      check = () => true;
      async run(model: Model, real: Real): Promise<void> {
        const snapshot = await real.cache.entries();
        const calls = newCalls(model, real);
        expect(calls).toMatchObject([{ script: 'snapshot', withEntries: true }]);
        const expected = checked<ReturnType<FifoModel['snapshot']>>(model.fifo, calls[0]);
        expect(snapshot).toEqual({
          maxEntries: MAX_ENTRIES,
          size: expected.effects.size,
          stats: expected.stats,
          entries: expected.entries.map((entry) => ({
            key: real.recorder.keys.entryAddress(entry.id),
            id: entry.id,
            version: entry.version,
            insertedAt: new Date(entry.insertedAt).toISOString(),
            expiresAt: new Date(entry.expiresAt).toISOString(),
          })),
        });
      }
      toString = () => 'inspect';
    }

    class Pause implements Command {
      constructor(readonly ms: number) {}
      check = () => true;
      async run(): Promise<void> {
        await pause(this.ms);
      }
      toString = () => `pause(${this.ms}ms)`;
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
        ...(maxPauseMs > 0 ? [pauseMs.map((ms) => new Pause(ms))] : []),
      ],
      { maxCommands: 40, size: 'max' },
    );

    it(
      'agrees with the model call by call',
      async () => {
        const seen = new Seen();
        await fc.assert(
          fc.asyncProperty(commands, async (sequence) => {
            const { cache, fifo } = await fixture.open({
              url: server.url,
              maxEntries: MAX_ENTRIES,
              ttls,
              fifo: (...args) => new RecordingFifo(...args),
            });
            const model: Model = {
              fifo: new FifoModel(MAX_ENTRIES),
              table: new ProfileTable(IDS),
              checked: 0,
            };
            const real: Real = { cache, recorder: fifo as RecordingFifo };
            await fc.asyncModelRun(() => ({ model, real }), [...sequence, new Inspect()]);
            seen.add(real.recorder.calls);
            await fixture.closeAll();
          }),
          { numRuns: maxPauseMs > 0 ? 20 : 40 },
        );
        expectVariety(seen);
      },
      PROPERTY_TIMEOUT_MS,
    );
  });

  describe('from several clients at once', () => {
    const CLIENTS = 3;
    let monitor: CommandMonitor;

    beforeAll(async () => {
      monitor = await CommandMonitor.open(server.url);
    });
    afterAll(() => monitor.close());

    type Step =
      | { kind: 'read'; id: string; pauses: number }
      | { kind: 'update' | 'delete' | 'late-write'; id: string }
      | { kind: 'inspect' | 'clear' }
      | { kind: 'pause'; ms: number };

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
      {
        weight: maxPauseMs > 0 ? 1 : 0,
        arbitrary: fc.record({ kind: fc.constant('pause' as const), ms: pauseMs }),
      },
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
        case 'pause':
          await pause(action.ms);
          return;
      }
    }

    it(
      'agrees with the model replayed in the order Redis ran the scripts, and holds no stale entry',
      async () => {
        const seen = new Seen();
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.array(step, { minLength: 10, maxLength: 30 }), {
              minLength: CLIENTS,
              maxLength: CLIENTS,
            }),
            async (plans) => {
              const start = await monitor.mark();
              const table = new ProfileTable(IDS);
              const recorders = new Map<string, RecordingFifo>();
              const prefix = randomPrefix();
              const clients = await Promise.all(
                plans.map(async () => {
                  const opened = await fixture.open({
                    url: server.url,
                    prefix,
                    maxEntries: MAX_ENTRIES,
                    ttls,
                    fifo: (...args) => new RecordingFifo(...args),
                  });
                  recorders.set(await clientAddress(opened.redis), opened.fifo as RecordingFifo);
                  return opened.cache;
                }),
              );

              await Promise.all(
                clients.map(async (cache, index) => {
                  for (const action of plans[index]) await perform(cache, table, action);
                  await cache.entries();
                }),
              );

              const executed = monitor.commands
                .slice(start + 1, await monitor.mark())
                .filter(({ args: [name] }) => name === 'evalsha' || name === 'eval')
                .map(({ source }) => source);
              const total = [...recorders.values()].reduce(
                (sum, fifo) => sum + fifo.calls.length,
                0,
              );
              expect(executed).toHaveLength(total);
              const model = new FifoModel(MAX_ENTRIES);
              const next = new Map([...recorders.keys()].map((address) => [address, 0]));
              for (const address of executed) {
                const index = next.get(address)!;
                next.set(address, index + 1);
                checked(model, recorders.get(address)!.calls[index]);
              }

              // The last script any client ran saw the final state; it holds no outdated version.
              const last = recorders.get(executed[executed.length - 1])!.calls.at(-1)!;
              expect(last.script).toBe('snapshot');
              for (const entry of last.script === 'snapshot' ? last.result.entries : []) {
                expect(table.current(entry.id)?.version).toBe(entry.version);
              }
              for (const recorder of recorders.values()) seen.add(recorder.calls);
              await fixture.closeAll();
            },
          ),
          { numRuns: maxPauseMs > 0 ? 8 : 10 },
        );
        expectVariety(seen);
        expect(seen.refusedFills).toBeGreaterThan(0);
      },
      PROPERTY_TIMEOUT_MS,
    );
  });
});
