import { connect, type ChannelModel } from 'amqplib';
import { POSTGRES_PORT, queueDepth, TcpProxy } from '@profile/testing';
import { TaskStack } from './support/task-stack';

/** Tasks settle through a PostgreSQL outage: the api reaches its database through a proxy the test cuts. */
describe('tasks through a PostgreSQL outage (processes against PostgreSQL and RabbitMQ)', () => {
  let stack: TaskStack;
  let database: TcpProxy;
  let broker: ChannelModel;

  beforeAll(async () => {
    database = await TcpProxy.start(POSTGRES_PORT);
    stack = await TaskStack.start('task_faults', {}, {}, { databaseProxy: database });
    broker = await connect(stack.api.vhost.url());
  });

  afterAll(async () => {
    await broker?.close();
    await stack?.stop();
    await database?.stop();
  });

  const appliedOutcomes = () =>
    stack.apiCounter('task_results_total', { type: 'task.outcome', disposition: 'applied' });

  it('applies an outcome reported while PostgreSQL is down once it is back, without dead-lettering it', async () => {
    const appliedBefore = await appliedOutcomes();
    const created = await stack.createTask({ type: 'diagnostic.sleep', payload: { ms: 1_500 } });
    await stack.until(created.id, 'running');

    await database.cut();
    // Far longer than tasks.results' 10 deliveries would last if each failure requeued the outcome.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(stack.api.logs).toMatch(/retrying later/);
    await database.restore();

    const task = await stack.until(created.id, 'succeeded', 40_000);
    expect(task).toMatchObject({ attempts: 1, result: { sleptMs: 1_500 } });
    expect(await appliedOutcomes()).toBe(appliedBefore + 1);
    expect(await queueDepth(broker, 'tasks.results.dead')).toBe(0);
  });

  it('runs a task whose claim met PostgreSQL down once it is back, spending no delivery and no attempt', async () => {
    await stack.worker.stop('SIGTERM');
    const created = await stack.createTask({ type: 'diagnostic.sleep', payload: { ms: 1 } });
    await stack.until(created.id, 'queued');

    await database.cut();
    try {
      const worker = await stack.startWorker();
      // The api answers the claims 503 for longer than tasks.work's 5 deliveries would last.
      await new Promise((resolve) => setTimeout(resolve, 8_000));
      expect(worker.logs).toMatch(/retrying later/);
    } finally {
      await database.restore();
    }

    const task = await stack.until(created.id, 'succeeded', 40_000);
    expect(task).toMatchObject({ attempts: 1, result: { sleptMs: 1 } });
    expect(await queueDepth(broker, 'tasks.work.dead')).toBe(0);
  });
});
