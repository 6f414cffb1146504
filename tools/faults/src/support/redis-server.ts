import Redis from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, freePort, ServiceProcess } from '@profile/testing';

/**
 * A redis-server of the suite's own on a free port, without automatic persistence, that it may
 * stop and start again: empty, or with what it held (saved on the way down, as a Redis that a
 * network cut hides, or one with persistence, comes back).
 */
export class RedisServer {
  private process: ServiceProcess | undefined;
  private readonly logs: string[] = [];

  private constructor(
    readonly port: number,
    private readonly directory: string,
  ) {}

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), mkdtempSync(join(tmpdir(), 'faults-redis-')));
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** What every run of the server wrote so far. */
  get log(): string {
    return [...this.logs, this.process?.logs ?? ''].join('');
  }

  /** Starts the server on its port (with the data a `stop(true)` saved) and waits until it answers. */
  async start(): Promise<void> {
    this.process = ServiceProcess.start({
      executable: process.env['FAULTS_REDIS_BIN'] ?? 'redis-server',
      args: [
        ...['--port', String(this.port), '--bind', '127.0.0.1'],
        ...['--save', '', '--appendonly', 'no', '--dir', this.directory],
      ],
      env: {},
    });
    await eventually(() => this.command('PING'));
  }

  /** Stops the server; `keepData` saves what it holds first, for the next start. */
  async stop(keepData = false): Promise<void> {
    const running = this.process;
    if (!running) return;
    if (keepData) {
      // The server closes the connection instead of answering.
      await this.command('SHUTDOWN', 'SAVE').catch(() => undefined);
      await running.exit();
    } else {
      await running.stop('SIGTERM');
    }
    this.logs.push(running.logs);
    this.process = undefined;
  }

  /** Stops the server and deletes its files. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.directory, { recursive: true, force: true });
  }

  private async command(...args: string[]): Promise<void> {
    const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await client.connect();
      await client.call(args[0], ...args.slice(1));
    } finally {
      client.disconnect();
    }
  }
}
