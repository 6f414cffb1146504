import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from '@profile/testing';

const run = promisify(execFile);
const BIN = process.env['FAULTS_POSTGRES_BIN'] ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of the suite's own (initdb in a temporary folder, trust auth, no fsync) on
 * a free port, so that a scenario may stop and restart it. PostgreSQL refuses to run as root: as
 * root, its programs run as the `postgres` user.
 */
export class PostgresCluster {
  private constructor(
    private readonly directory: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PostgresCluster> {
    const directory = mkdtempSync(join(tmpdir(), 'faults-pg-'));
    const cluster = new PostgresCluster(directory, await freePort());
    try {
      if (userInfo().uid === 0) {
        const { stdout } = await run('id', ['-u', 'postgres']);
        const { stdout: group } = await run('id', ['-g', 'postgres']);
        chownSync(directory, Number(stdout.trim()), Number(group.trim()));
      }
      await cluster.pg('initdb', [
        '-D',
        cluster.data,
        '-U',
        'postgres',
        '--auth=trust',
        '--no-sync',
        '-E',
        'UTF8',
      ]);
      await cluster.start();
    } catch (error) {
      rmSync(directory, { recursive: true, force: true });
      throw error;
    }
    return cluster;
  }

  get logFile(): string {
    return join(this.directory, 'postgres.log');
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name: string): Promise<string> {
    const client = new Client({ connectionString: this.url() });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    return this.url(name);
  }

  async start(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      `-k ${this.directory}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
    ].join(' ');
    await this.pg('pg_ctl', ['-D', this.data, '-o', options, '-l', this.logFile, '-w', 'start']);
  }

  /** Stops the server; `fast` rolls back open transactions and closes every connection. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.data, '-m', mode, '-w', 'stop']);
  }

  /** Stops the server if it runs and deletes its files. */
  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    rmSync(this.directory, { recursive: true, force: true });
  }

  private get data(): string {
    return join(this.directory, 'data');
  }

  private async pg(program: string, args: string[]): Promise<void> {
    const command = join(BIN, program);
    if (userInfo().uid === 0) await run('runuser', ['-u', 'postgres', '--', command, ...args]);
    else await run(command, args);
  }
}
