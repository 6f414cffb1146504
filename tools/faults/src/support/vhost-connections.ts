import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The pids of one vhost's broker connections, but those whose client properties name `spare`.
 * (The table listing, not the JSON one: only its pids are what close_connection takes.)
 */
async function vhostConnections(vhost: string, spare: string): Promise<string[]> {
  const { stdout } = await run('rabbitmqctl', [
    '-q',
    'list_connections',
    'pid',
    'vhost',
    'client_properties',
  ]);
  return stdout
    .split('\n')
    .map((line) => line.split('\t'))
    .filter(([pid, name, properties = '']) => {
      return pid.startsWith('<') && name === vhost && !properties.includes(spare);
    })
    .map(([pid]) => pid);
}

/**
 * Closes the broker connections of one vhost, as a broker restart or a network cut would, leaving
 * every other vhost's alone and sparing the suite's own (`spare`). Waits first until the vhost has
 * `atLeast` connections (the apps reconnected after the last close). Answers how many it closed.
 */
export async function closeVhostConnections(
  vhost: string,
  spare: string,
  atLeast: number,
): Promise<number> {
  const deadline = Date.now() + 60_000;
  let pids = await vhostConnections(vhost, spare);
  while (pids.length < atLeast) {
    if (Date.now() > deadline) throw new Error(`${vhost} has ${pids.length} connections`);
    await sleep(200);
    pids = await vhostConnections(vhost, spare);
  }
  await Promise.all(
    pids.map((pid) => run('rabbitmqctl', ['-q', 'close_connection', pid, 'fault injected'])),
  );
  return pids.length;
}
