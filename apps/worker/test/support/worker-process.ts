import { join } from 'node:path';
import { freePort, ServiceProcess } from '@profile/testing';

const script = join(__dirname, '../../../../dist/apps/worker/main.js');

export interface StartedWorker {
  process: ServiceProcess;
  url: string;
}

/** Starts dist/apps/worker/main.js and waits until it is ready. */
export async function startWorker(env: Record<string, string>): Promise<StartedWorker> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const process = ServiceProcess.start({ script, env: { PORT: String(port), ...env } });
  await process.waitForHttp(`${url}/health/ready`);
  return { process, url };
}

/** The worker's JSON log lines that match `fields`. */
export function logLines(process: ServiceProcess, fields: Record<string, unknown>) {
  return process.logs
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => Object.entries(fields).every(([key, value]) => line[key] === value));
}
