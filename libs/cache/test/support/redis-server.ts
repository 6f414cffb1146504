import { ChildProcess, spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { freePort } from '@profile/testing';

const REDIS_SERVER = '/usr/bin/redis-server';

/**
 * A private redis-server on 127.0.0.1 for tests that must stop, pause, restart or MONITOR Redis; the
 * shared one is never touched. No persistence, as in production: a restart empties it.
 */
export class RedisServer {
  private process: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly options: string[],
  ) {}

  /** `options` go to redis-server after the port and persistence settings, e.g. `--maxmemory 3mb`. */
  static async start(options: string[] = []): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), options);
    await server.launch();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it again on the same port, empty. */
  async launch(): Promise<void> {
    const child = spawn(
      REDIS_SERVER,
      [
        ...['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        ...this.options,
      ],
      { stdio: 'ignore' },
    );
    this.process = child;
    const deadline = Date.now() + 5_000;
    while (!(await answersPing(this.port))) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error(`redis-server on ${this.port} did not start`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Kills it at once, as a crash would, and waits until it is gone. */
  async kill(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Freezes it: connections stay open but nothing is answered, as with a hung server. */
  pause(): void {
    this.process?.kill('SIGSTOP');
  }

  resume(): void {
    this.process?.kill('SIGCONT');
  }
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.once('connect', () => socket.write('PING\r\n'));
  });
}
