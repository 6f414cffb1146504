import { CpuProfile, whereTheTimeGoes } from './cpu-profile';
import { timeSharesTable } from './report';

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url, lineNumber: id, columnNumber: 0 },
  children,
});

/** (root) → idle, GC, a pino write calling a builtin, ioredis, and a bundle frame. */
const profile: CpuProfile = {
  nodes: [
    frame(1, '(root)', '', [2, 3, 4, 6, 7]),
    frame(2, '(idle)', ''),
    frame(3, '(garbage collector)', ''),
    frame(4, 'write', 'file:///app/node_modules/pino/lib/proto.js', [5]),
    frame(5, 'stringify', ''),
    frame(6, 'execute', 'file:///app/node_modules/ioredis/built/Command.js'),
    frame(7, 'lookup', 'file:///app/dist/apps/api/main.js'),
  ],
  startTime: 0,
  endTime: 10,
  samples: [2, 2, 2, 2, 3, 4, 5, 5, 6, 7],
  timeDeltas: Array<number>(10).fill(1),
};

describe('where the time goes', () => {
  const sourceOf = (url: string) =>
    url.endsWith('dist/apps/api/main.js') ? 'libs/cache/src/lib/redis-fifo.ts' : undefined;

  it('shares out the busy samples by area, a builtin counting for its caller', () => {
    expect(whereTheTimeGoes(profile, sourceOf)).toEqual([
      { area: 'logging: pino, its serializers and the writes to stdout', share: 0.5 },
      { area: 'garbage collection', share: 1 / 6 },
      { area: 'ioredis', share: 1 / 6 },
      { area: 'the cache client (libs/cache)', share: 1 / 6 },
    ]);
  });

  it('writes a table of the areas, the smallest summed in one row', () => {
    const table = timeSharesTable({
      scenario: 'GET by id, cache hit',
      connections: 50,
      shares: [
        { area: 'Fastify', share: 0.5 },
        { area: 'ioredis', share: 0.495 },
        { area: 'pg', share: 0.003 },
        { area: 'TypeORM', share: 0.002 },
      ],
    });
    expect(table.split('\n')).toEqual([
      '| share | where |',
      '| ---: | --- |',
      '| 50 % | Fastify |',
      '| 50 % | ioredis |',
      '| 1 % | everything under 1 % each |',
    ]);
  });
});
