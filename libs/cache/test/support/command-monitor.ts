import { createHash, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { FIFO_SCRIPTS } from '../../src/lib/fifo-scripts';

export interface MonitoredCommand {
  /** The command and its arguments, as MONITOR shows them (the name lower-case). */
  args: string[];
  /** The client's `host:port`, or `lua` for a command a script ran. */
  source: string;
}

const SCRIPT_BY_SHA = new Map(
  Object.entries(FIFO_SCRIPTS).map(([name, { lua }]) => [
    createHash('sha1').update(lua).digest('hex'),
    name,
  ]),
);
/** MONITOR escapes a script's text as Redis's sdscatrepr does (the scripts hold no quotes). */
const SCRIPT_BY_LUA = new Map(
  Object.entries(FIFO_SCRIPTS).map(([name, { lua }]) => [
    lua.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t'),
    name,
  ]),
);

/**
 * MONITOR on a private redis-server: every command Redis ran, in the order it ran them. Only for
 * an own server: MONITOR slows Redis down and would show other people's commands.
 */
export class CommandMonitor {
  readonly commands: MonitoredCommand[] = [];
  private readonly markers = new Map<string, (index: number) => void>();

  private constructor(
    private readonly origin: Redis,
    private readonly monitor: Redis,
    private readonly control: Redis,
  ) {
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      const index = this.commands.push({ args, source }) - 1;
      if (args[0] === 'echo') this.markers.get(args[1])?.(index);
    });
  }

  static async open(url: string): Promise<CommandMonitor> {
    // monitor() opens a connection of its own; the one it is called on never needs to connect.
    const origin = new Redis(url, { lazyConnect: true });
    const monitor = await origin.monitor();
    return new CommandMonitor(origin, monitor, new Redis(url));
  }

  /** Index in `commands` of a marker sent now: every command Redis ran before it comes earlier. */
  async mark(): Promise<number> {
    const marker = `marker-${randomUUID()}`;
    const seen = new Promise<number>((resolve) => this.markers.set(marker, resolve));
    await this.control.echo(marker);
    const index = await seen;
    this.markers.delete(marker);
    return index;
  }

  /** The commands `client` sent while `action` ran, each named as `describeCommand` does. */
  async commandsDuring(client: Redis, action: () => Promise<unknown>): Promise<string[]> {
    const address = await clientAddress(client);
    const start = await this.mark();
    await action();
    const end = await this.mark();
    return this.commands
      .slice(start + 1, end)
      .filter((command) => command.source === address)
      .map(describeCommand);
  }

  close(): void {
    this.monitor.disconnect();
    this.control.disconnect();
    this.origin.disconnect();
  }
}

/** `host:port` of the client's connection, as MONITOR names its source. */
export async function clientAddress(client: Redis): Promise<string> {
  const info = String(await client.call('CLIENT', 'INFO'));
  const address = /addr=(\S+)/.exec(info)?.[1];
  if (!address) throw new Error(`no addr in CLIENT INFO: ${info}`);
  return address;
}

/** `evalsha lookup`, `eval fill`: a FIFO script by name; any other command by its own name. */
export function describeCommand({ args: [name, scriptOrSha] }: MonitoredCommand): string {
  const script =
    name === 'evalsha'
      ? SCRIPT_BY_SHA.get(scriptOrSha)
      : name === 'eval'
        ? SCRIPT_BY_LUA.get(scriptOrSha)
        : undefined;
  return script ? `${name} ${script}` : name;
}
