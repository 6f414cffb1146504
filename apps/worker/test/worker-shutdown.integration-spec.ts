import { queues } from '@profile/messaging';
import { createTestVhost, eventually } from '@profile/testing';
import type { TestVhost } from '@profile/testing';
import { Broker } from './support/broker';
import { FakeApi } from './support/fake-api';
import { startWorker } from './support/worker-process';

/**
 * SIGTERM stops consuming, lets in-flight tasks finish (or returns them), ends the worker's lease
 * and exits 0.
 */
describe('worker shutdown with tasks in flight (process against real RabbitMQ)', () => {
  let vhost: TestVhost;
  let api: FakeApi;
  let broker: Broker;
  let env: Record<string, string>;

  beforeAll(async () => {
    vhost = await createTestVhost('worker_shutdown');
    api = await FakeApi.start();
    env = { RABBITMQ_URL: vhost.url(), API_URL: api.url, WORKER_API_KEY: 'worker-read-key' };
    broker = await Broker.connect(vhost.url());
  });

  afterAll(async () => {
    await broker?.close();
    await api?.stop();
    await vhost?.delete();
  });

  /** A worker that consumes: its topology is declared, so the test's queues exist too. */
  const startConsumingWorker = async (extra: Record<string, string> = {}) => {
    const worker = await startWorker({ ...env, ...extra });
    await eventually(async () =>
      expect(await broker.depth(queues.taskWork)).toMatchObject({ consumers: 1 }),
    );
    return worker;
  };
  const outcomeOf = (taskId: string) =>
    broker.resultsOf(taskId).find(({ type }) => type === 'task.outcome')?.payload;
  /** The worker has claimed the task's attempt: its handler runs. */
  const started = (taskId: string) =>
    eventually(async () => expect(api.claimsOf(taskId)).not.toHaveLength(0));

  it('finishes an in-flight task before it exits, taking no new one', async () => {
    const worker = await startConsumingWorker();
    await broker.collectResults();
    const running = await broker.publishTask('diagnostic.sleep', { ms: 1_500 });
    await started(running.taskId);

    const exit = worker.process.stop('SIGTERM');
    await eventually(async () =>
      expect(await broker.depth(queues.taskWork)).toMatchObject({ consumers: 0 }),
    );
    const waiting = await broker.publishTask('diagnostic.sleep', { ms: 1 });

    expect(await exit).toBe(0);
    expect(outcomeOf(running.taskId)).toMatchObject({ outcome: 'succeeded' });
    expect(broker.resultsOf(waiting.taskId)).toEqual([]);
    expect(await broker.depth(queues.taskWork)).toMatchObject({ ready: 1 });
    // Its lease ended last, once nothing of its own was running: what it claimed is free.
    const [{ workerId }] = api.claimsOf(running.taskId);
    expect(api.leaseCalls.filter((call) => call.workerId === workerId).at(-1)).toEqual({
      method: 'DELETE',
      workerId,
    });
  });

  it('returns a task still running after the drain timeout to the queue, for the next worker', async () => {
    const worker = await startConsumingWorker({ CONSUMER_DRAIN_TIMEOUT_MS: '200' });
    const slow = await broker.publishTask('diagnostic.sleep', { ms: 5_000 });
    await started(slow.taskId);

    expect(await worker.process.stop('SIGTERM')).toBe(0);
    expect(outcomeOf(slow.taskId)).toBeUndefined();

    const next = await startConsumingWorker();
    try {
      await eventually(
        async () => expect(outcomeOf(slow.taskId)).toMatchObject({ outcome: 'succeeded' }),
        15_000,
      );
    } finally {
      await next.process.stop('SIGTERM');
    }
  });
});
