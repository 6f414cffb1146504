import { join } from 'node:path';
import { eventually, freePort, ServiceProcess } from '@profile/testing';
import type { Task, TaskStatus } from '@profile/profile-domain';
import { ApiProcess, ApiUnderTest, KEYS, root, type StartOptions } from './api-under-test';

const workerScript = join(root, 'dist/apps/worker/main.js');

/**
 * The api and a worker as processes of their own, sharing the api's database and vhost; the
 * worker claims attempts and reads profiles through the api with a write key, as in production.
 */
export class TaskStack {
  private workers: ServiceProcess[] = [];
  /** Where the most recently started worker answers (health, metrics). */
  workerUrl = '';

  private constructor(
    readonly api: ApiUnderTest,
    private readonly workerEnv: Record<string, string>,
  ) {}

  static async start(
    label: string,
    apiEnv: Record<string, string> = {},
    workerEnv: Record<string, string> = {},
    apiOptions: StartOptions = {},
  ): Promise<TaskStack> {
    const api = await ApiUnderTest.start(
      label,
      { TASK_RETRY_BASE_MS: '200', ...apiEnv },
      apiOptions,
    );
    const stack = new TaskStack(api, workerEnv);
    await stack.startWorker();
    return stack;
  }

  /** The most recently started worker. */
  get worker(): ServiceProcess {
    const worker = this.workers.at(-1);
    if (!worker) throw new Error('no worker started');
    return worker;
  }

  /** Starts another worker; `env` overrides the stack's worker settings (e.g. another API_URL). */
  async startWorker(env: Record<string, string> = {}): Promise<ServiceProcess> {
    const port = await freePort();
    const worker = ServiceProcess.start({
      script: workerScript,
      env: {
        PORT: String(port),
        RABBITMQ_URL: this.api.vhost.url(),
        API_URL: this.api.baseUrl,
        WORKER_API_KEY: KEYS.write,
        ...this.workerEnv,
        ...env,
      },
    });
    this.workers.push(worker);
    this.workerUrl = `http://127.0.0.1:${port}`;
    await worker.waitForHttp(`${this.workerUrl}/health/ready`);
    return worker;
  }

  async createTask(body: Record<string, unknown>, headers: Record<string, string> = {}) {
    const answer = await this.api.call('POST', '/api/v1/tasks', { as: 'write', body, headers });
    if (answer.status !== 202)
      throw new Error(`POST /api/v1/tasks: ${answer.status} ${answer.text}`);
    return answer.json<Task>();
  }

  async task(id: string): Promise<Task> {
    return (await this.api.call('GET', `/api/v1/tasks/${id}`, { as: 'read' })).json<Task>();
  }

  /** Waits until the task reaches `status` (and fails fast if it reaches another final one). */
  async until(id: string, status: TaskStatus, timeoutMs = 15_000): Promise<Task> {
    let task: Task | undefined;
    await eventually(async () => {
      task = await this.task(id);
      expect(task.status).toBe(status);
    }, timeoutMs);
    return task as Task;
  }

  /** Runs SQL on the api's database (for what the HTTP API does not show, such as the outbox). */
  sql<Row>(query: string, values: unknown[] = []): Promise<Row[]> {
    return this.api.sql<Row>(query, values);
  }

  /** The value of a counter of an api process's /metrics with exactly these labels (0 when absent). */
  async apiCounter(
    name: string,
    labels: Record<string, string>,
    api: ApiProcess = this.api,
  ): Promise<number> {
    const text = await (await fetch(`${api.baseUrl}/metrics`)).text();
    const wanted = Object.entries(labels)
      .map(([label, value]) => `${label}="${value}"`)
      .sort()
      .join(',');
    for (const line of text.split('\n')) {
      const match = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
      if (!match || match[1] !== name) continue;
      if (match[2].split(',').sort().join(',') === wanted) return Number(match[3]);
    }
    return 0;
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop('SIGTERM')));
    await this.api.stop();
  }
}
