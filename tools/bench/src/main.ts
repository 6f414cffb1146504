// `make bench`: the api measured end to end against the bare-stack limit, in the same run.
// See docs/performance.md for what it measures and the latest figures.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { connect } from 'amqplib';
import { BenchStack } from './bench-stack';
import { profileScenarios } from './profiling';
import { BenchReport, markdownTable, summaryLines, terminalTable, timeSharesTable } from './report';
import { measure, Measurement, scenarios } from './scenarios';
import { runTaskPipelines } from './task-pipeline';
import { ROOT } from './workspace-root';

const MARK_START = '<!-- bench:start -->';
const MARK_END = '<!-- bench:end -->';
const PIPELINE = 'task pipeline';
/** The load the profiles are taken under: the one the targets are about. */
const PROFILED_CONNECTIONS = 50;

const settings = {
  durationSeconds: Number(process.env['BENCH_DURATION_S'] ?? 10),
  warmupSeconds: Number(process.env['BENCH_WARMUP_S'] ?? 3),
  profiles: Number(process.env['BENCH_PROFILES'] ?? 20_000),
  tasks: Number(process.env['BENCH_TASKS'] ?? 5_000),
  delayedTasks: Number(process.env['BENCH_DELAYED_TASKS'] ?? 500),
  /** The task pipeline runs this many times; the report gives each figure's median and min–max. */
  taskRuns: Number(process.env['BENCH_TASK_RUNS'] ?? 3),
  /**
   * For profiling: only the scenarios whose names match (and the task pipeline if the pattern
   * matches "task pipeline"), at 50 connections, and no report.
   */
  only: process.env['BENCH_ONLY'] ? new RegExp(process.env['BENCH_ONLY'], 'i') : undefined,
};

async function main(): Promise<void> {
  requireWrk();
  const started = new Date();
  const workDir = join(ROOT, 'reports/bench', started.toISOString().replace(/[:.]/g, '-'));
  await mkdir(workDir, { recursive: true });
  log(`starting the stack (${settings.profiles} profiles); logs in ${workDir}`);
  const stack = await BenchStack.start(workDir, settings.profiles);
  try {
    const listCursor = await firstPageCursor(stack);
    const measurements: Measurement[] = [];
    const chosen = scenarios(listCursor).filter(({ name }) => settings.only?.test(name) ?? true);
    for (const scenario of chosen) {
      for (const connections of settings.only ? [50] : [1, 50]) {
        log(`${scenario.name}, ${connections} connection(s)`);
        measurements.push(await measure(stack, scenario, connections, { ...settings, workDir }));
      }
    }
    if (settings.only) {
      process.stdout.write(`\n${terminalTable({ measurements } as BenchReport)}\n`);
      if (settings.only.test(PIPELINE)) {
        const pipeline = await runPipelines(stack);
        process.stdout.write(`${JSON.stringify(pipeline, null, 2)}\n`);
      }
      return;
    }
    const pipeline = await runPipelines(stack);
    log(`CPU profiles of the api, ${PROFILED_CONNECTIONS} connections`);
    const profiles = await profileScenarios(stack, chosen, PROFILED_CONNECTIONS, {
      ...settings,
      workDir,
    });
    const report: BenchReport = {
      date: started.toISOString(),
      commit: git('rev-parse', '--short', 'HEAD'),
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
      },
      versions: await versions(stack),
      settings: {
        durationSeconds: settings.durationSeconds,
        warmupSeconds: settings.warmupSeconds,
        profiles: settings.profiles,
      },
      measurements,
      hitVersusMiss: hitVersusMiss(measurements),
      pipeline,
      resources: {
        apiPeakRssMiB: (await stack.api.server.peakRssBytes()) / 2 ** 20,
        workerPeakRssMiB: (await stack.worker.server.peakRssBytes()) / 2 ** 20,
      },
      profiles,
    };
    process.stdout.write(`\n${terminalTable(report)}\n\n${summaryLines(report).join('\n')}\n`);
    await writeOutputs(report, workDir);
  } finally {
    await stack.stop();
  }
}

function runPipelines(stack: BenchStack) {
  return runTaskPipelines(stack, settings.taskRuns, settings.tasks, settings.delayedTasks, log);
}

function requireWrk(): void {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (error) {
    // wrk prints its version and exits 1; only a missing binary throws ENOENT.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('wrk is missing: install it (Debian/Ubuntu: apt-get install wrk)');
    }
  }
}

async function firstPageCursor(stack: BenchStack): Promise<string> {
  const response = await fetch(`${stack.api.url}/api/v1/profiles?limit=20`, {
    headers: { authorization: `Bearer ${stack.adminKey}` },
  });
  const { nextCursor } = (await response.json()) as { nextCursor: string | null };
  if (!nextCursor) throw new Error('the seeded list has a single page');
  return nextCursor;
}

function hitVersusMiss(measurements: Measurement[]): BenchReport['hitVersusMiss'] {
  const find = (name: string, connections: number) => {
    const found = measurements.find((m) => m.scenario === name && m.connections === connections);
    if (!found) throw new Error(`no measurement of ${name} at ${connections}`);
    return found.result;
  };
  const [hit50, miss50] = [find('GET by id, cache hit', 50), find('GET by id, cache miss', 50)];
  const [hit1, miss1] = [find('GET by id, cache hit', 1), find('GET by id, cache miss', 1)];
  const rate = (result: typeof hit50) => result.requests / result.durationUs;
  return {
    throughput: rate(hit50) / rate(miss50),
    p50AtOneConnection: miss1.latencyUs.p50 / hit1.latencyUs.p50,
  };
}

async function versions(stack: BenchStack): Promise<Record<string, string>> {
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const [postgres] = await stack.sql<{ server_version: string }>('SHOW server_version');
  const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
  const info = await redis.info('server');
  redis.disconnect();
  const amqp = await connect(stack.vhost.url());
  const rabbitmq = String(amqp.connection.serverProperties.version);
  await amqp.close();
  return {
    node: process.version,
    postgresql: postgres.server_version,
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    rabbitmq,
    wrk: execFileSync('sh', ['-c', 'wrk --version 2>&1 | head -1 || true']).toString().trim(),
    ...Object.fromEntries(
      ['@nestjs/core', 'fastify', 'ioredis', 'pg', 'typeorm'].map((name) => [
        name,
        pkg.dependencies[name],
      ]),
    ),
  };
}

async function writeOutputs(report: BenchReport, workDir: string): Promise<void> {
  const json = `${JSON.stringify(report, null, 2)}\n`;
  await writeFile(join(workDir, `bench-${report.commit}.json`), json);
  await writeFile(join(ROOT, 'docs/performance.json'), json);
  const generated = [
    MARK_START,
    `Measured ${report.date.slice(0, 16).replace('T', ' ')} UTC at commit \`${report.commit}\` on ` +
      `${report.machine.cores} × ${report.machine.cpu}, ${report.machine.memoryGiB} GiB; ` +
      Object.entries(report.versions)
        .map(([name, version]) => `${name} ${version}`)
        .join(', ') +
      `. Each scenario: ${report.settings.warmupSeconds} s warm-up, then ${report.settings.durationSeconds} s ` +
      `measured with wrk, the baseline and the api back to back; ${report.settings.profiles} seeded profiles.`,
    '',
    markdownTable(report),
    '',
    ...summaryLines(report).map((line) => `- ${line}`),
    '',
    `Where the api's CPU time goes, from a V8 CPU profile of an api process of its own under each ` +
      `scenario's load (${PROFILED_CONNECTIONS} connections, ${report.settings.durationSeconds} s); ` +
      `a share is of the samples in which the api was busy, a builtin counted for its caller, the ` +
      `api's bundle traced to its sources:`,
    ...report.profiles.flatMap((profile) => [
      '',
      `**${profile.scenario}**`,
      '',
      timeSharesTable(profile),
    ]),
    MARK_END,
  ].join('\n');
  const path = join(ROOT, 'docs/performance.md');
  const current = await readFile(path, 'utf8').catch(
    () => `# Performance\n\n${MARK_START}\n${MARK_END}\n`,
  );
  const start = current.indexOf(MARK_START);
  const end = current.indexOf(MARK_END);
  const updated =
    start >= 0 && end > start
      ? `${current.slice(0, start)}${generated}${current.slice(end + MARK_END.length)}`
      : `${current.trimEnd()}\n\n${generated}\n`;
  await writeFile(path, updated);
  log(`wrote docs/performance.md, docs/performance.json and ${workDir}`);
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: ROOT }).toString().trim();
}

function log(message: string): void {
  process.stdout.write(`▸ ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
