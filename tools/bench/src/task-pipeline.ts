import type { BenchStack } from './bench-stack';

export interface PipelineResult {
  tasks: number;
  delayedTasks: number;
  /** Every task from its POST to `succeeded`, divided by the time from the first POST to the last success. */
  tasksPerSecond: number;
  postsPerSecond: number;
  /** How long after its runAt each delayed task started, under the load of the others. */
  latenessMs: { p50: number; p99: number; max: number };
  failed: number;
  /** CPU time (user plus system) each process used per task, in milliseconds. */
  cpuMsPerTask: { api: number; worker: number };
}

/** A figure over several runs. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** The task pipeline run several times: each run, and each figure's median with min–max. */
export interface PipelineSummary {
  runs: PipelineResult[];
  tasksPerSecond: Spread;
  postsPerSecond: Spread;
  latenessMs: { p50: Spread; p99: Spread; max: Spread };
  cpuMsPerTask: { api: Spread; worker: Spread };
  /** Over all runs. */
  failed: number;
}

const CONCURRENCY = 50;

/** Runs the pipeline `runs` times, one after the other, and sums them up. */
export async function runTaskPipelines(
  stack: BenchStack,
  runs: number,
  tasks: number,
  delayedTasks: number,
  log: (message: string) => void,
): Promise<PipelineSummary> {
  const results: PipelineResult[] = [];
  for (let run = 1; run <= runs; run += 1) {
    log(`task pipeline, run ${run} of ${runs}: ${tasks} tasks and ${delayedTasks} delayed ones`);
    results.push(await runTaskPipeline(stack, tasks, delayedTasks));
  }
  return summarizePipelines(results);
}

export function summarizePipelines(runs: PipelineResult[]): PipelineSummary {
  const of = (figure: (run: PipelineResult) => number) => spread(runs.map(figure));
  return {
    runs,
    tasksPerSecond: of((run) => run.tasksPerSecond),
    postsPerSecond: of((run) => run.postsPerSecond),
    latenessMs: {
      p50: of((run) => run.latenessMs.p50),
      p99: of((run) => run.latenessMs.p99),
      max: of((run) => run.latenessMs.max),
    },
    cpuMsPerTask: {
      api: of((run) => run.cpuMsPerTask.api),
      worker: of((run) => run.cpuMsPerTask.worker),
    },
    failed: runs.reduce((sum, run) => sum + run.failed, 0),
  };
}

/** The median (the mean of the middle two of an even count), least and greatest of values. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { median: NaN, min: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/**
 * Posts `tasks` diagnostic.sleep {ms: 0} tasks due at once, mixed with `delayedTasks` due 1-3 s
 * later, from 50 concurrent clients, and waits until the worker has run them all. Only the tasks
 * created since it began count, so that runs may follow one another.
 */
export async function runTaskPipeline(
  stack: BenchStack,
  tasks: number,
  delayedTasks: number,
): Promise<PipelineResult> {
  const bodies = Array.from({ length: tasks + delayedTasks }, (_, index) =>
    JSON.stringify({
      type: 'diagnostic.sleep',
      payload: { ms: 0 },
      ...(index % Math.ceil((tasks + delayedTasks) / delayedTasks) === 0
        ? { delayMs: 1_000 + ((index * 7919) % 2_000) }
        : {}),
    }),
  );
  let failedPosts = 0;
  const since = new Date();
  const cpuBefore = await cpuSeconds(stack);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const response = await fetch(`${stack.api.url}/api/v1/tasks`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${stack.adminKey}`,
            'content-type': 'application/json',
          },
          body,
        });
        await response.arrayBuffer();
        if (response.status !== 202) failedPosts += 1;
      }
    }),
  );
  const posted = performance.now();

  const total = bodies.length - failedPosts;
  for (;;) {
    const [{ finished }] = await stack.sql<{ finished: number }>(
      `SELECT count(*)::int AS finished FROM tasks
       WHERE type = 'diagnostic.sleep' AND status IN ('succeeded', 'failed') AND created_at >= $1`,
      [since],
    );
    if (finished >= total) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const cpuAfter = await cpuSeconds(stack);
  const [{ last_finished: lastFinished, failed }] = await stack.sql<{
    last_finished: Date;
    failed: number;
  }>(
    `SELECT max(finished_at) AS last_finished, count(*) FILTER (WHERE status <> 'succeeded')::int AS failed
     FROM tasks WHERE type = 'diagnostic.sleep' AND created_at >= $1`,
    [since],
  );
  const [{ first_created: firstCreated }] = await stack.sql<{ first_created: Date }>(
    `SELECT min(created_at) AS first_created FROM tasks
     WHERE type = 'diagnostic.sleep' AND created_at >= $1`,
    [since],
  );
  const lateness = await stack.sql<{ ms: number }>(
    `SELECT extract(epoch FROM started_at - run_at) * 1000 AS ms FROM tasks
     WHERE type = 'diagnostic.sleep' AND run_at > created_at + interval '500 milliseconds'
       AND created_at >= $1
     ORDER BY 1`,
    [since],
  );
  const latenessMs = lateness.map(({ ms }) => Number(ms));
  return {
    tasks: total,
    delayedTasks: latenessMs.length,
    tasksPerSecond: total / ((lastFinished.getTime() - firstCreated.getTime()) / 1000),
    postsPerSecond: bodies.length / ((posted - started) / 1000),
    latenessMs: {
      p50: percentile(latenessMs, 50),
      p99: percentile(latenessMs, 99),
      max: latenessMs.at(-1) ?? NaN,
    },
    failed: failed + failedPosts,
    cpuMsPerTask: {
      api: ((cpuAfter.api - cpuBefore.api) * 1000) / total,
      worker: ((cpuAfter.worker - cpuBefore.worker) * 1000) / total,
    },
  };
}

async function cpuSeconds(stack: BenchStack): Promise<{ api: number; worker: number }> {
  const [api, worker] = await Promise.all([
    stack.api.server.cpuSeconds(),
    stack.worker.server.cpuSeconds(),
  ]);
  return { api, worker };
}

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
