import { ChildProcess, spawn } from 'node:child_process';

export interface ServiceProcessOptions {
  /** The script node runs, e.g. dist/apps/api/main.js. */
  script?: string;
  /** A program to run instead of node, e.g. /usr/bin/prometheus; `args` are its arguments. */
  executable?: string;
  args?: string[];
  env: Record<string, string>;
  cwd?: string;
}

/** A service started as its own Node process, with its output kept for assertions. */
export class ServiceProcess {
  private output = '';
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(options: ServiceProcessOptions): ServiceProcess {
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '',
      LOG_LEVEL: 'info',
      ...options.env,
    };
    const program = options.executable ?? process.execPath;
    const args = [...(options.script ? [options.script] : []), ...(options.args ?? [])];
    const child = spawn(program, args, {
      cwd: options.cwd,
      // Next.js's types make NODE_ENV a required key of ProcessEnv; a child may leave it unset.
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(child);
  }

  get logs(): string {
    return this.output;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves when `url` answers with one of `statuses`, or rejects with the logs after `timeoutMs`. */
  async waitForHttp(url: string, statuses = [200], timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) {
        throw new Error(`process exited with ${this.child.exitCode}:\n${this.output}`);
      }
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
        if (statuses.includes(response.status)) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `${url} did not answer ${statuses.join('|')} within ${timeoutMs} ms:\n${this.output}`,
    );
  }

  /** Sends `signal` and resolves with the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.exited;
  }

  /** Runs a script to completion, failing with its output unless it exits 0. */
  static async run(options: ServiceProcessOptions): Promise<void> {
    const process = ServiceProcess.start(options);
    const code = await process.exit();
    if (code !== 0) {
      const what = options.script ?? options.executable;
      throw new Error(`${what} exited with ${code}:\n${process.logs}`);
    }
  }

  /** The exit code once the process ends by itself. */
  exit(): Promise<number | null> {
    return this.exited;
  }
}
