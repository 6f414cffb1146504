import type { BenchStack, Endpoint } from './bench-stack';
import { runWrk, WrkResult } from './wrk';

export interface Scenario {
  name: string;
  /** What the api scenario is measured against, if anything. */
  baseline?: {
    name: string;
    target: (stack: BenchStack) => Endpoint;
    run: Omit<ScenarioRun, 'target'>;
  };
  target: (stack: BenchStack) => Endpoint;
  run: Omit<ScenarioRun, 'target'>;
}

interface ScenarioRun {
  target: Endpoint;
  script: string;
  env: (stack: BenchStack) => Record<string, string>;
}

export interface Measurement {
  scenario: string;
  connections: number;
  result: WrkResult;
  /** CPU the measured server used per request, in ms. */
  cpuMsPerRequest: number;
  baseline?: { name: string; result: WrkResult; cpuMsPerRequest: number };
}

const token = (stack: BenchStack) => ({ BENCH_TOKEN: stack.adminKey });

export function scenarios(listCursor: string): Scenario[] {
  return [
    {
      name: 'GET by id, cache hit',
      target: (stack) => stack.api,
      run: {
        script: 'get-rotating.lua',
        env: (stack) => ({
          ...token(stack),
          BENCH_IDS_FILE: stack.seed.hotIdFile,
          BENCH_PATH_PREFIX: '/api/v1/profiles/',
        }),
      },
      baseline: {
        name: 'Fastify + ioredis GET',
        target: (stack) => stack.redisBaseline,
        run: {
          script: 'get-rotating.lua',
          env: (stack) => ({
            BENCH_IDS_FILE: stack.seed.hotIdFile,
            BENCH_PATH_PREFIX: '/profiles/',
          }),
        },
      },
    },
    {
      name: 'GET by id, cache miss',
      target: (stack) => stack.api,
      run: {
        script: 'get-rotating.lua',
        env: (stack) => ({
          ...token(stack),
          BENCH_IDS_FILE: stack.seed.idsFile,
          BENCH_PATH_PREFIX: '/api/v1/profiles/',
        }),
      },
      baseline: {
        name: 'Fastify + pg SELECT',
        target: (stack) => stack.pgBaseline,
        run: {
          script: 'get-rotating.lua',
          env: (stack) => ({ BENCH_IDS_FILE: stack.seed.idsFile, BENCH_PATH_PREFIX: '/profiles/' }),
        },
      },
    },
    {
      name: 'POST create (outbox + 2 tasks)',
      target: (stack) => stack.api,
      run: {
        script: 'post-create.lua',
        env: (stack) => ({ ...token(stack), BENCH_RUN: `r${Date.now().toString(36)}` }),
      },
    },
    {
      name: 'PATCH with If-Match',
      target: (stack) => stack.api,
      run: {
        script: 'patch-if-match.lua',
        env: (stack) => ({ ...token(stack), BENCH_IDS_FILE: stack.takePatchFile() }),
      },
    },
    {
      name: 'List with a cursor',
      target: (stack) => stack.api,
      run: {
        script: 'get-fixed.lua',
        env: (stack) => ({
          ...token(stack),
          BENCH_PATH: `/api/v1/profiles?limit=20&cursor=${listCursor}`,
        }),
      },
    },
  ];
}

export interface RunSettings {
  durationSeconds: number;
  warmupSeconds: number;
  workDir: string;
}

/**
 * One scenario at one connection count: a warm-up of each side, then the baseline and the api
 * measured back to back, so that their ratio comes from the same minutes.
 */
export async function measure(
  stack: BenchStack,
  scenario: Scenario,
  connections: number,
  settings: RunSettings,
): Promise<Measurement> {
  const sides = [
    ...(scenario.baseline
      ? [{ ...scenario.baseline.run, target: scenario.baseline.target(stack) }]
      : []),
    { ...scenario.run, target: scenario.target(stack) },
  ];
  for (const side of sides) {
    await runOnce(stack, side, connections, settings.warmupSeconds, settings.workDir);
  }
  const measured = [];
  for (const side of sides) {
    measured.push(
      await runOnce(stack, side, connections, settings.durationSeconds, settings.workDir),
    );
  }
  const api = measured[measured.length - 1];
  return {
    scenario: scenario.name,
    connections,
    result: api.result,
    cpuMsPerRequest: api.cpuMsPerRequest,
    baseline: scenario.baseline
      ? {
          name: scenario.baseline.name,
          result: measured[0].result,
          cpuMsPerRequest: measured[0].cpuMsPerRequest,
        }
      : undefined,
  };
}

async function runOnce(
  stack: BenchStack,
  side: ScenarioRun,
  connections: number,
  durationSeconds: number,
  workDir: string,
): Promise<{ result: WrkResult; cpuMsPerRequest: number }> {
  const cpuBefore = await side.target.server.cpuSeconds();
  const result = await runWrk({
    url: side.target.url,
    script: side.script,
    connections,
    durationSeconds,
    env: side.env(stack),
    workDir,
  });
  const cpuSeconds = (await side.target.server.cpuSeconds()) - cpuBefore;
  return {
    result,
    cpuMsPerRequest: result.requests > 0 ? (cpuSeconds * 1000) / result.requests : NaN,
  };
}
