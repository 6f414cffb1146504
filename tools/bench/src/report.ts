import { failures } from './wrk';
import type { ScenarioProfile } from './profiling';
import type { Measurement } from './scenarios';
import type { PipelineSummary, Spread } from './task-pipeline';

export interface BenchReport {
  date: string;
  commit: string;
  machine: { cpu: string; cores: number; memoryGiB: number };
  versions: Record<string, string>;
  settings: { durationSeconds: number; warmupSeconds: number; profiles: number };
  measurements: Measurement[];
  hitVersusMiss: { throughput: number; p50AtOneConnection: number };
  pipeline: PipelineSummary;
  resources: { apiPeakRssMiB: number; workerPeakRssMiB: number };
  /** Where the api's CPU time went, per scenario, from profiles of a run of its own. */
  profiles: ScenarioProfile[];
}

/** Areas below this share of a profile are summed in one row. */
const SMALLEST_SHOWN_SHARE = 0.01;

const percent = (share: number) => `${(share * 100).toFixed(0)} %`;

/** A scenario's profile as a table: the areas by their share of the api's busy CPU time. */
export function timeSharesTable({ shares }: ScenarioProfile): string {
  const shown = shares.filter(({ share }) => share >= SMALLEST_SHOWN_SHARE);
  const rest = shares
    .filter(({ share }) => share < SMALLEST_SHOWN_SHARE)
    .reduce((sum, { share }) => sum + share, 0);
  const rows = [
    ...shown.map(({ area, share }) => `| ${percent(share)} | ${area} |`),
    ...(rest > 0
      ? [`| ${percent(rest)} | everything under ${percent(SMALLEST_SHOWN_SHARE)} each |`]
      : []),
  ];
  return ['| share | where |', '| ---: | --- |', ...rows].join('\n');
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

type Measured = Pick<Measurement, 'result' | 'cpuMsPerRequest'>;

function row(scenario: string, connections: number, measured: Measured, ratio: string): Row {
  return {
    scenario,
    connections: String(connections),
    rps: rps(measured).toFixed(0),
    p50: ms(measured.result.latencyUs.p50),
    p99: ms(measured.result.latencyUs.p99),
    failures: String(failures(measured.result)),
    cpu: measured.cpuMsPerRequest.toFixed(3),
    ratio,
  };
}

function rows(report: BenchReport): Row[] {
  return report.measurements.flatMap(({ scenario, connections, baseline, ...measured }) => {
    if (!baseline) return [row(scenario, connections, measured, '—')];
    const ratio = `${((rps(measured) / rps(baseline)) * 100).toFixed(0)} %`;
    return [
      row(scenario, connections, measured, ratio),
      row(`↳ baseline: ${baseline.name}`, connections, baseline, ''),
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
    ...pipelineLines(pipeline),
    `Peak RSS: api ${resources.apiPeakRssMiB.toFixed(0)} MiB, worker ${resources.workerPeakRssMiB.toFixed(0)} MiB.`,
  ];
}

/** The task pipeline's lines: each figure as the median of the runs, with their min–max. */
export function pipelineLines(pipeline: PipelineSummary): string[] {
  const [first] = pipeline.runs;
  const runs = pipeline.runs.length;
  const { latenessMs, cpuMsPerTask } = pipeline;
  return [
    `Task pipeline, ${runs} run(s) of ${first?.tasks ?? 0} diagnostic.sleep {ms: 0} tasks (medians, min–max in ` +
      `brackets): ${spreadOf(pipeline.tasksPerSecond, 0)} tasks/s from the first POST to the last success ` +
      `(POSTs at ${spreadOf(pipeline.postsPerSecond, 0)}/s); ${pipeline.failed} failed in all.`,
    `Start lateness of ${first?.delayedTasks ?? 0} delayed tasks per run under that load: ` +
      `p50 ${spreadOf(latenessMs.p50, 0)} ms, p99 ${spreadOf(latenessMs.p99, 0)} ms, ` +
      `max ${spreadOf(latenessMs.max, 0)} ms.`,
    `CPU per task (user + system, from the first POST to the last success): ` +
      `api ${spreadOf(cpuMsPerTask.api, 2)} ms, worker ${spreadOf(cpuMsPerTask.worker, 2)} ms.`,
  ];
}

function spreadOf({ median, min, max }: Spread, digits: number): string {
  return `${median.toFixed(digits)} (${min.toFixed(digits)}–${max.toFixed(digits)})`;
}
