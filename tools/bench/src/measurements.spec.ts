import { markdownTable, pipelineLines, terminalTable } from './report';
import type { BenchReport } from './report';
import { percentile, spread, summarizePipelines } from './task-pipeline';
import type { PipelineResult } from './task-pipeline';
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

describe('task pipeline runs', () => {
  const run = (tasksPerSecond: number, p99: number, apiCpuMs: number): PipelineResult => ({
    tasks: 100,
    delayedTasks: 10,
    tasksPerSecond,
    postsPerSecond: tasksPerSecond * 2,
    latenessMs: { p50: p99 / 2, p99, max: p99 + 1 },
    failed: 1,
    cpuMsPerTask: { api: apiCpuMs, worker: apiCpuMs / 2 },
  });

  it('takes the median of an odd count and the mean of the middle two of an even one', () => {
    expect(spread([30, 10, 20])).toEqual({ median: 20, min: 10, max: 30 });
    expect(spread([40, 10, 30, 20])).toEqual({ median: 25, min: 10, max: 40 });
    expect(spread([]).median).toBeNaN();
  });

  it('reports each figure as the median of the runs with their min–max, and every failure', () => {
    const summary = summarizePipelines([run(200, 900, 2), run(240, 300, 1), run(220, 600, 4)]);
    expect(summary.tasksPerSecond).toEqual({ median: 220, min: 200, max: 240 });
    expect(summary.latenessMs.p99).toEqual({ median: 600, min: 300, max: 900 });
    expect(summary.cpuMsPerTask.api).toEqual({ median: 2, min: 1, max: 4 });
    expect(summary.failed).toBe(3);
    expect(pipelineLines(summary)).toEqual([
      'Task pipeline, 3 run(s) of 100 diagnostic.sleep {ms: 0} tasks (medians, min–max in brackets): ' +
        '220 (200–240) tasks/s from the first POST to the last success (POSTs at 440 (400–480)/s); 3 failed in all.',
      'Start lateness of 10 delayed tasks per run under that load: p50 300 (150–450) ms, ' +
        'p99 600 (300–900) ms, max 601 (301–901) ms.',
      'CPU per task (user + system, from the first POST to the last success): ' +
        'api 2.00 (1.00–4.00) ms, worker 1.00 (0.50–2.00) ms.',
    ]);
  });
});
