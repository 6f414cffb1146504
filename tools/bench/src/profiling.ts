import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { API_MAIN, BenchStack } from './bench-stack';
import { bundleSources, CpuProfile, TimeShare, whereTheTimeGoes } from './cpu-profile';
import type { RunSettings, Scenario } from './scenarios';
import { runWrk } from './wrk';

/** Where the api's CPU time went in one scenario, from a CPU profile of the api under its load. */
export interface ScenarioProfile {
  scenario: string;
  connections: number;
  shares: TimeShare[];
}

/** One sample every 250 µs: enough samples in a few seconds, little overhead. */
const SAMPLING_INTERVAL_US = 250;

/**
 * Profiles each scenario on an api process of its own with the inspector open (so that the measured
 * runs are not profiled): a warm-up, then the profiler started for the scenario's load alone. Each
 * profile is also written to `<workDir>/profiles/<n>.cpuprofile` for a closer look (Chrome DevTools,
 * or any .cpuprofile viewer).
 */
export async function profileScenarios(
  stack: BenchStack,
  scenarios: Scenario[],
  connections: number,
  settings: RunSettings,
): Promise<ScenarioProfile[]> {
  const { endpoint, inspectorPort } = await stack.startProfiledApi();
  const inspector = await Inspector.connect(inspectorPort);
  const sourceOf = bundleSources(API_MAIN);
  const profileDir = join(settings.workDir, 'profiles');
  await mkdir(profileDir, { recursive: true });
  try {
    await inspector.send('Profiler.enable');
    await inspector.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    const profiles: ScenarioProfile[] = [];
    for (const [index, scenario] of scenarios.entries()) {
      const load = (durationSeconds: number) =>
        runWrk({
          url: endpoint.url,
          script: scenario.run.script,
          connections,
          durationSeconds,
          env: scenario.run.env(stack),
          workDir: settings.workDir,
        });
      await load(settings.warmupSeconds);
      await inspector.send('Profiler.start');
      await load(settings.durationSeconds);
      const { profile } = (await inspector.send('Profiler.stop')) as { profile: CpuProfile };
      await writeFile(join(profileDir, `${index + 1}.cpuprofile`), JSON.stringify(profile));
      profiles.push({
        scenario: scenario.name,
        connections,
        shares: whereTheTimeGoes(profile, sourceOf),
      });
    }
    return profiles;
  } finally {
    inspector.close();
    await endpoint.server.stop();
  }
}

/** A minimal Chrome DevTools Protocol client on the inspector's WebSocket. */
class Inspector {
  private nextId = 1;
  private readonly pending = new Map<number, (message: InspectorMessage) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as InspectorMessage;
      if (message.id !== undefined) this.pending.get(message.id)?.(message);
    });
  }

  static async connect(port: number): Promise<Inspector> {
    const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
      webSocketDebuggerUrl: string;
    }>;
    const socket = new WebSocket(target.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve, { once: true });
      socket.addEventListener('error', reject, { once: true });
    });
    return new Inspector(socket);
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (message) => {
        this.pending.delete(id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result);
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.socket.close();
  }
}

interface InspectorMessage {
  id?: number;
  result?: unknown;
  error?: { message: string };
}
