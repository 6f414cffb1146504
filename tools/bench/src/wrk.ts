import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const WRK_DIR = join(__dirname, '..', 'wrk');

export interface WrkRun {
  url: string;
  /** A script in tools/bench/wrk, combined with common.lua. */
  script: string;
  connections: number;
  durationSeconds: number;
  env: Record<string, string>;
  workDir: string;
}

export interface WrkResult {
  requests: number;
  durationUs: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latencyUs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Responses by HTTP status. */
  statuses: Record<string, number>;
}

/** Threads for a connection count: wrk needs no more threads than connections, and we have 2 cores. */
export function threadsFor(connections: number): number {
  return Math.min(2, connections);
}

/** Runs wrk once and answers what its done() hook reported. */
export async function runWrk(options: WrkRun): Promise<WrkResult> {
  const scriptPath = join(options.workDir, `wrk-${options.script}`);
  const [common, scenario] = await Promise.all([
    readFile(join(WRK_DIR, 'common.lua'), 'utf8'),
    readFile(join(WRK_DIR, options.script), 'utf8'),
  ]);
  await writeFile(scriptPath, `${common}\n${scenario}`);
  const threads = threadsFor(options.connections);
  const { stdout } = await run(
    'wrk',
    [
      `-t${threads}`,
      `-c${options.connections}`,
      `-d${options.durationSeconds}s`,
      '--timeout',
      '5s',
      '-s',
      scriptPath,
      options.url,
    ],
    {
      env: { ...process.env, ...options.env, BENCH_THREADS: String(threads) },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return parseWrkResult(stdout);
}

export function parseWrkResult(stdout: string): WrkResult {
  const line = stdout.split('\n').find((text) => text.startsWith('BENCH_RESULT '));
  if (!line) throw new Error(`wrk printed no result:\n${stdout}`);
  return JSON.parse(line.slice('BENCH_RESULT '.length)) as WrkResult;
}

/** Requests answered with anything but 2xx, plus socket errors and timeouts. */
export function failures(result: WrkResult): number {
  const non2xx = Object.entries(result.statuses)
    .filter(([status]) => !status.startsWith('2'))
    .reduce((sum, [, count]) => sum + count, 0);
  const { connect, read, write, timeout } = result.errors;
  return non2xx + connect + read + write + timeout;
}
