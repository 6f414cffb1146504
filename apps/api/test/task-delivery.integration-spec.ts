import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { eventually } from '@profile/testing';
import { connect } from 'amqplib';
import type { Task } from '@profile/profile-domain';
import { TaskStack } from './support/task-stack';

const run = promisify(execFile);

/** Nothing accepted is lost when the worker dies or the broker drops every connection. */
describe('task delivery through faults (processes against PostgreSQL and RabbitMQ)', () => {
  let stack: TaskStack;

  beforeAll(async () => {
    stack = await TaskStack.start(
      'task_delivery',
      { TASK_RESULT_GRACE_MS: '1000', TASK_RECONCILE_INTERVAL_MS: '300', WORKER_LEASE_MS: '2000' },
      { WORKER_PREFETCH: '8' },
    );
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const appliedOutcomes = () =>
    stack.apiCounter('task_results_total', { type: 'task.outcome', disposition: 'applied' });

  it('hands the attempt of a worker killed mid-run to the next worker once the killed one’s lease has expired', async () => {
    const appliedBefore = await appliedOutcomes();
    const created = await stack.createTask({ type: 'diagnostic.sleep', payload: { ms: 3_000 } });
    const running = await stack.until(created.id, 'running');

    await stack.worker.stop('SIGKILL');
    const worker = await stack.startWorker();

    const task = await stack.until(created.id, 'succeeded', 20_000);
    expect(task).toMatchObject({ attempts: 1, result: { sleptMs: 3_000 } });
    expect(Date.parse(task.startedAt!)).toBeGreaterThan(Date.parse(running.startedAt!));
    // The redelivered message found the attempt held until the lease ran out, then took it over.
    expect(worker.logs).toMatch(new RegExp(`"taskId":"${created.id}".*task attempt started`));
    expect(await appliedOutcomes()).toBe(appliedBefore + 1);
  });

  it('does not run a task message published again after its attempt finished', async () => {
    const created = await stack.createTask({ type: 'diagnostic.sleep', payload: { ms: 1 } });
    await stack.until(created.id, 'succeeded');
    const [sent] = await stack.sql<{ envelope: { id: string; type: string } }>(
      `SELECT envelope FROM outbox WHERE (envelope->>'taskId')::uuid = $1`,
      [created.id],
    );
    const broker = await connect(stack.api.vhost.url());
    try {
      const channel = await broker.createConfirmChannel();
      channel.publish('tasks', sent.envelope.type, Buffer.from(JSON.stringify(sent.envelope)), {
        messageId: sent.envelope.id,
        persistent: true,
      });
      await channel.waitForConfirms();
    } finally {
      await broker.close();
    }

    await eventually(async () =>
      expect(stack.worker.logs).toMatch(
        new RegExp(`"taskId":"${created.id}".*its outcome reported again`),
      ),
    );
    const runs = stack.worker.logs.match(
      new RegExp(`"taskId":"${created.id}"[^\n]*task attempt started`, 'g'),
    );
    expect(runs).toHaveLength(1);
    expect(await stack.task(created.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('publishes every outbox row and applies every task once after the broker drops all connections during a burst', async () => {
    const appliedBefore = await appliedOutcomes();
    const burst = 60;
    const created: Task[] = [];
    const dropConnections = async () => {
      await run('rabbitmqctl', [
        '-q',
        'close_all_connections',
        '--vhost',
        stack.api.vhost.name,
        'test: connections dropped during a burst',
      ]);
    };

    for (let index = 0; index < burst; index += 1) {
      created.push(await stack.createTask({ type: 'diagnostic.sleep', payload: { ms: 5 } }));
      if (index === burst / 3 || index === (2 * burst) / 3) await dropConnections();
    }

    await eventually(async () => {
      const tasks = await stack.sql<{ status: string; count: number }>(
        `SELECT status, count(*)::int AS count FROM tasks WHERE id = ANY($1::uuid[]) GROUP BY status`,
        [created.map(({ id }) => id)],
      );
      expect(tasks).toEqual([{ status: 'succeeded', count: burst }]);
    }, 20_000);
    expect(
      await stack.sql(
        `SELECT id FROM outbox WHERE (envelope->>'taskId')::uuid = ANY($1::uuid[]) AND sent_at IS NULL`,
        [created.map(({ id }) => id)],
      ),
    ).toEqual([]);
    expect(
      await stack.sql(`SELECT DISTINCT attempts FROM tasks WHERE id = ANY($1::uuid[])`, [
        created.map(({ id }) => id),
      ]),
    ).toEqual([{ attempts: 1 }]);
    expect(await appliedOutcomes()).toBe(appliedBefore + burst);
  });

  it('relays and applies a burst exactly once with two api replicas', async () => {
    const replica = await stack.api.startReplica();
    const outcomes = async () =>
      (await appliedOutcomes()) +
      (await stack.apiCounter(
        'task_results_total',
        { type: 'task.outcome', disposition: 'applied' },
        replica,
      ));
    const appliedBefore = await outcomes();
    const burst = 60;
    const created = await Promise.all(
      Array.from({ length: burst }, (_, index) =>
        (index % 2 ? replica : stack.api)
          .call('POST', '/api/v1/tasks', {
            as: 'write',
            body: { type: 'diagnostic.sleep', payload: { ms: 5 } },
          })
          .then((answer) => answer.json<Task>()),
      ),
    );
    const ids = created.map(({ id }) => id);

    await eventually(async () => {
      const tasks = await stack.sql<{ status: string; attempts: number; count: number }>(
        `SELECT status, attempts, count(*)::int AS count FROM tasks WHERE id = ANY($1::uuid[])
         GROUP BY status, attempts`,
        [ids],
      );
      expect(tasks).toEqual([{ status: 'succeeded', attempts: 1, count: burst }]);
    }, 20_000);
    // Each task message was published once: every outbox row sent once, none twice.
    expect(
      await stack.sql(
        `SELECT count(*)::int AS rows, min(publish_attempts) AS fewest, max(publish_attempts) AS most
         FROM outbox WHERE (envelope->>'taskId')::uuid = ANY($1::uuid[])`,
        [ids],
      ),
    ).toEqual([{ rows: burst, fewest: 1, most: 1 }]);
    expect(await outcomes()).toBe(appliedBefore + burst);
  });
});
