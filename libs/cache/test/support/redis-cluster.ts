import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@profile/testing';

const REDIS_SERVER = '/usr/bin/redis-server';
const REDIS_CLI = '/usr/bin/redis-cli';
/** A node's cluster bus listens on its port + 10000. */
const BUS_OFFSET = 10_000;
const run = promisify(execFile);

/**
 * A private Redis Cluster on 127.0.0.1: primaries without replicas, with a password, made with
 * `redis-cli --cluster create` as an operator would. No persistence but each node's cluster
 * config file (nodes.conf), so a node killed and launched again rejoins with its slots, empty.
 */
export class RedisCluster {
  private readonly processes = new Map<number, ChildProcess>();

  private constructor(
    readonly ports: number[],
    readonly password: string,
    private readonly dir: string,
  ) {}

  static async start(primaries: number, password: string): Promise<RedisCluster> {
    const ports: number[] = [];
    while (ports.length < primaries) {
      const port = await freePort();
      if (port + BUS_OFFSET <= 65_535 && !ports.includes(port) && (await isFree(port + BUS_OFFSET)))
        ports.push(port);
    }
    const cluster = new RedisCluster(
      ports,
      password,
      mkdtempSync(join(tmpdir(), 'redis-cluster-')),
    );
    try {
      await Promise.all(ports.map((port) => cluster.launch(port)));
      await run(REDIS_CLI, [
        '--no-auth-warning',
        '-a',
        password,
        '--cluster',
        'create',
        ...ports.map((port) => `127.0.0.1:${port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ]);
      for (const port of ports)
        await cluster.waitFor(port, (info) => /cluster_state:ok/.test(info));
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** A URL of one node, as REDIS_URL names it. */
  url(port = this.ports[0]): string {
    return `redis://:${this.password}@127.0.0.1:${port}`;
  }

  /** Asks a node, e.g. `['CLUSTER', 'KEYSLOT', key]`. */
  async ask(port: number, ...command: string[]): Promise<string> {
    const { stdout } = await run(REDIS_CLI, [
      '--no-auth-warning',
      '-a',
      this.password,
      '-p',
      String(port),
      ...command,
    ]);
    return stdout.trim();
  }

  /** The port of the primary that holds `key`'s slot. */
  async ownerOf(key: string): Promise<number> {
    const slot = Number(await this.ask(this.ports[0], 'CLUSTER', 'KEYSLOT', key));
    const nodes = await this.ask(this.ports[0], 'CLUSTER', 'NODES');
    for (const line of nodes.split('\n')) {
      const [, address, , , , , , , ...ranges] = line.split(' ');
      const held = ranges.some((range) => {
        const [from, to = from] = range.split('-').map(Number);
        return slot >= from && slot <= to;
      });
      if (held) return Number(address.split(':')[1].split('@')[0]);
    }
    throw new Error(`no node holds slot ${slot}`);
  }

  /** Starts the node on `port` (again), with the cluster config it kept. */
  async launch(port: number): Promise<void> {
    const child = spawn(
      REDIS_SERVER,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${port}.conf`,
        '--cluster-node-timeout',
        '2000',
        '--requirepass',
        this.password,
        '--masterauth',
        this.password,
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: 'ignore' },
    );
    this.processes.set(port, child);
    await this.waitFor(port, () => true, child);
  }

  /** Kills the node on `port` at once, as a crash would. */
  async kill(port: number): Promise<void> {
    const child = this.processes.get(port);
    this.processes.delete(port);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Waits until every node reports the cluster healthy. */
  async whenHealthy(): Promise<void> {
    for (const port of this.ports)
      await this.waitFor(port, (info) => /cluster_state:ok/.test(info));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes.keys()].map((port) => this.kill(port)));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitFor(
    port: number,
    healthy: (clusterInfo: string) => boolean,
    child?: ChildProcess,
  ): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child && child.exitCode !== null) throw new Error(`redis-server on ${port} exited`);
      const info = await this.ask(port, 'CLUSTER', 'INFO').catch(() => '');
      if (info && healthy(info)) return;
      if (Date.now() > deadline) throw new Error(`the Redis Cluster node on ${port} is not ready`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
