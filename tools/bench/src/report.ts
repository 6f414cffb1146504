import { failures } from './wrk';
import type { Measurement } from './scenarios';
import type { PipelineResult } from './task-pipeline';

export interface BenchReport {
  date: string;
  commit: string;
  machine: { cpu: string; cores: number; memoryGiB: number };
  versions: Record<string, string>;
  settings: { durationSeconds: number; warmupSeconds: number; profiles: number };
  measurements: Measurement[];
  hitVersusMiss: { throughput: number; p50AtOneConnection: number };
  pipeline: PipelineResult;
  resources: { apiPeakRssMiB: number; workerPeakRssMiB: number };
}

const rps = (measurement: { result: Measurement['result'] }) =>
  measurement.result.requests / (measurement.result.durationUs / 1e6);
const ms = (us: number) => (us / 1000).toFixed(2);

interface Row {
  scenario: string;
  connections: string;
  rps: string;
  p50: string;
  p99: string;
  failures: string;
  cpu: string;
  ratio: string;
}

function rows(report: BenchReport): Row[] {
  return report.measurements.flatMap((measurement) => {
    const own: Row = {
      scenario: measurement.scenario,
      connections: String(measurement.connections),
      rps: rps(measurement).toFixed(0),
      p50: ms(measurement.result.latencyUs.p50),
      p99: ms(measurement.result.latencyUs.p99),
      failures: String(failures(measurement.result)),
      cpu: measurement.cpuMsPerRequest.toFixed(3),
      ratio: measurement.baseline
        ? `${((rps(measurement) / rps(measurement.baseline)) * 100).toFixed(0)} %`
        : '—',
    };
    if (!measurement.baseline) return [own];
    const baseline = measurement.baseline;
    return [
      own,
      {
        scenario: `↳ baseline: ${baseline.name}`,
        connections: String(measurement.connections),
        rps: rps(baseline).toFixed(0),
        p50: ms(baseline.result.latencyUs.p50),
        p99: ms(baseline.result.latencyUs.p99),
        failures: String(failures(baseline.result)),
        cpu: baseline.cpuMsPerRequest.toFixed(3),
        ratio: '',
      },
    ];
  });
}

const HEADERS: Row = {
  scenario: 'scenario',
  connections: 'conns',
  rps: 'req/s',
  p50: 'p50 ms',
  p99: 'p99 ms',
  failures: 'non-2xx/errors',
  cpu: 'CPU ms/req',
  ratio: 'of baseline',
};
const COLUMNS = Object.keys(HEADERS) as (keyof Row)[];

export function terminalTable(report: BenchReport): string {
  const all = [HEADERS, ...rows(report)];
  const widths = COLUMNS.map((column) => Math.max(...all.map((row) => row[column].length)));
  return all
    .map((row) =>
      COLUMNS.map((column, index) =>
        index === 0 ? row[column].padEnd(widths[index]) : row[column].padStart(widths[index]),
      ).join('  '),
    )
    .join('\n');
}

export function markdownTable(report: BenchReport): string {
  const line = (row: Row) => `| ${COLUMNS.map((column) => row[column]).join(' | ')} |`;
  const align = `| --- | ${COLUMNS.slice(1)
    .map(() => '---:')
    .join(' | ')} |`;
  return [line(HEADERS), align, ...rows(report).map(line)].join('\n');
}

export function summaryLines(report: BenchReport): string[] {
  const { pipeline, resources, hitVersusMiss } = report;
  return [
    `Hit versus miss: ${hitVersusMiss.throughput.toFixed(2)}× the throughput at 50 connections, ` +
      `${hitVersusMiss.p50AtOneConnection.toFixed(2)}× faster p50 at 1 connection.`,
    `Task pipeline: ${pipeline.tasks} diagnostic.sleep {ms: 0} tasks, ${pipeline.tasksPerSecond.toFixed(0)} tasks/s ` +
      `from the first POST to the last success (POSTs at ${pipeline.postsPerSecond.toFixed(0)}/s); ` +
      `${pipeline.failed} failed.`,
    `Start lateness of ${pipeline.delayedTasks} delayed tasks under that load: p50 ${pipeline.latenessMs.p50.toFixed(0)} ms, ` +
      `p99 ${pipeline.latenessMs.p99.toFixed(0)} ms, max ${pipeline.latenessMs.max.toFixed(0)} ms.`,
    `Peak RSS: api ${resources.apiPeakRssMiB.toFixed(0)} MiB, worker ${resources.workerPeakRssMiB.toFixed(0)} MiB.`,
  ];
}
