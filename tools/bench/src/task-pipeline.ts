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
}

const CONCURRENCY = 50;

/**
 * Posts `tasks` diagnostic.sleep {ms: 0} tasks due at once, mixed with `delayedTasks` due 1-3 s
 * later, from 50 concurrent clients, and waits until the worker has run them all.
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
       WHERE type = 'diagnostic.sleep' AND status IN ('succeeded', 'failed')`,
    );
    if (finished >= total) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const [{ last_finished: lastFinished, failed }] = await stack.sql<{
    last_finished: Date;
    failed: number;
  }>(
    `SELECT max(finished_at) AS last_finished, count(*) FILTER (WHERE status <> 'succeeded')::int AS failed
     FROM tasks WHERE type = 'diagnostic.sleep'`,
  );
  const [{ first_created: firstCreated }] = await stack.sql<{ first_created: Date }>(
    `SELECT min(created_at) AS first_created FROM tasks WHERE type = 'diagnostic.sleep'`,
  );
  const lateness = await stack.sql<{ ms: number }>(
    `SELECT extract(epoch FROM started_at - run_at) * 1000 AS ms FROM tasks
     WHERE type = 'diagnostic.sleep' AND run_at > created_at + interval '500 milliseconds'
     ORDER BY 1`,
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
  };
}

/** The nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
