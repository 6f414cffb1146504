import { markdownTable, terminalTable } from './report';
import type { BenchReport } from './report';
import { percentile } from './task-pipeline';
import { failures, parseWrkResult, threadsFor } from './wrk';

const result = (statuses: Record<string, number>, timeout = 0) => ({
  requests: Object.values(statuses).reduce((sum, count) => sum + count, 0),
  durationUs: 2_000_000,
  errors: { connect: 0, read: 0, write: 0, status: 0, timeout },
  latencyUs: { p50: 1_500, p90: 2_000, p99: 4_250, max: 9_000, mean: 1_600 },
  statuses,
});

describe('wrk results', () => {
  it('reads the line the done() hook prints among wrk output', () => {
    const printed = `Running 2s test\n  2 threads\nBENCH_RESULT ${JSON.stringify(result({ 200: 10 }))}\n`;
    expect(parseWrkResult(printed)).toEqual(result({ 200: 10 }));
    expect(() => parseWrkResult('Running 2s test\n')).toThrow(/no result/);
  });

  it('counts every non-2xx answer and every socket error or timeout as a failure', () => {
    expect(failures(result({ 200: 90, 201: 5 }))).toBe(0);
    expect(failures(result({ 200: 90, 412: 3, 500: 1 }, 2))).toBe(6);
  });

  it('uses at most one thread per connection and two in all', () => {
    expect([1, 2, 50].map(threadsFor)).toEqual([1, 2, 2]);
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('report tables', () => {
  const report = {
    measurements: [
      {
        scenario: 'GET by id, cache hit',
        connections: 50,
        result: result({ 200: 30_000 }),
        cpuMsPerRequest: 0.05,
        baseline: {
          name: 'Fastify + ioredis GET',
          result: result({ 200: 40_000 }),
          cpuMsPerRequest: 0.03,
        },
      },
      {
        scenario: 'PATCH with If-Match',
        connections: 1,
        result: result({ 200: 8, 412: 2 }),
        cpuMsPerRequest: 1,
      },
    ],
  } as BenchReport;

  it('shows requests per second, latencies in ms, failures and the ratio to the baseline', () => {
    const table = markdownTable(report).split('\n');
    expect(table[2]).toBe('| GET by id, cache hit | 50 | 15000 | 1.50 | 4.25 | 0 | 0.050 | 75 % |');
    expect(table[3]).toBe(
      '| ↳ baseline: Fastify + ioredis GET | 50 | 20000 | 1.50 | 4.25 | 0 | 0.030 |  |',
    );
    expect(table[4]).toBe('| PATCH with If-Match | 1 | 5 | 1.50 | 4.25 | 2 | 1.000 | — |');
  });

  it('aligns the terminal table in columns', () => {
    const lines = terminalTable(report).split('\n');
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });
});
