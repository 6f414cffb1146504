import { type TaskAttempts, taskAttemptsSchema } from '@profile/api-contract';
import { connect, type ChannelModel } from 'amqplib';
import { TaskStack } from './support/task-stack';

/** Tasks whose attempt was lost settle on their own: the api's reconciler counts it as failed. */
describe('task reconciliation (processes against PostgreSQL and RabbitMQ)', () => {
  let stack: TaskStack;
  let broker: ChannelModel;

  beforeAll(async () => {
    stack = await TaskStack.start('task_reconciliation', {
      TASK_START_TIMEOUT_MS: '3000',
      TASK_RESULT_GRACE_MS: '1000',
      TASK_RECONCILE_INTERVAL_MS: '300',
    });
    broker = await connect(stack.api.vhost.url());
  });

  afterAll(async () => {
    await broker?.close();
    await stack?.stop();
  });

  const attemptsOf = async (id: string): Promise<TaskAttempts['items']> =>
    taskAttemptsSchema.parse(
      (await stack.api.call('GET', `/api/v1/tasks/${id}/attempts`, { as: 'read' })).json(),
    ).items;

  const purgeTaskQueue = async () => {
    const channel = await broker.createChannel();
    await channel.purgeQueue('tasks.work');
    await channel.close();
  };

  it('counts each attempt not started in time as failed, then fails the task after its last', async () => {
    await stack.worker.stop('SIGTERM');
    try {
      const created = await stack.createTask({
        type: 'diagnostic.sleep',
        payload: { ms: 1 },
        maxAttempts: 2,
      });

      const task = await stack.until(created.id, 'failed', 20_000);
      expect(task).toMatchObject({ attempts: 2, lastError: 'not started within 3 s' });
      expect(await attemptsOf(created.id)).toEqual([
        expect.objectContaining({ attempt: 1, status: 'failed', error: 'not started within 3 s' }),
        expect.objectContaining({ attempt: 2, status: 'failed', error: 'not started within 3 s' }),
      ]);
    } finally {
      await purgeTaskQueue();
      await stack.startWorker();
    }
  });

  it('counts a running attempt whose outcome never came as failed, and runs the next one', async () => {
    const created = await stack.createTask({ type: 'diagnostic.sleep', payload: { ms: 3_000 } });
    await stack.until(created.id, 'running');
    // The worker dies and its message is lost with it.
    await stack.worker.stop('SIGKILL');
    await purgeTaskQueue();
    await stack.startWorker();
    expect((await stack.task(created.id)).status).toBe('running');

    // As if the attempt had run past diagnostic.sleep's 70 s time limit.
    await stack.sql(
      `UPDATE tasks SET started_at = started_at - interval '2 minutes' WHERE id = $1`,
      [created.id],
    );

    const task = await stack.until(created.id, 'succeeded', 20_000);
    expect(task).toMatchObject({ attempts: 2, result: { sleptMs: 3_000 } });
    expect(await attemptsOf(created.id)).toEqual([
      expect.objectContaining({ attempt: 1, status: 'failed', error: 'no result within 71 s' }),
      expect.objectContaining({ attempt: 2, status: 'succeeded' }),
    ]);
  });

  it('leaves tasks that start and finish in time alone', async () => {
    const created = await stack.createTask({ type: 'diagnostic.sleep', payload: { ms: 1_500 } });

    const task = await stack.until(created.id, 'succeeded');
    expect(task).toMatchObject({ attempts: 1, lastError: null });
  });
});
