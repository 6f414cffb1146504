import { eventually, TcpProxy } from '@profile/testing';
import type { Task } from '@profile/profile-domain';
import { RELAY_OWNER_LOCK_SPACE } from '../src/platform/outbox/outbox-message';
import { ApiProcess } from './support/api-under-test';
import { TaskStack } from './support/task-stack';

interface OutboxRow {
  claimed_by: number | null;
  publish_attempts: number;
  sent: boolean;
}

/**
 * A relay's claims end with the relay: another takes them as soon as the process is gone, never
 * while it lives (processes against PostgreSQL and RabbitMQ).
 */
describe('outbox claims of a killed api', () => {
  let stack: TaskStack;
  let brokerProxy: TcpProxy;
  const apis: ApiProcess[] = [];

  const launch = async (env: Record<string, string> = {}) => {
    const api = await ApiProcess.launch({ ...stack.api.env, ...env });
    apis.push(api);
    return api;
  };

  const postTask = async (api: ApiProcess, ms: number) => {
    const answer = await api.call('POST', '/api/v1/tasks', {
      as: 'write',
      body: { type: 'diagnostic.sleep', payload: { ms } },
    });
    expect(answer.status).toBe(202);
    return answer.json<Task>();
  };

  const heldOwners = async () =>
    (
      await stack.sql<{ owner: number }>(
        `SELECT objid::int AS owner FROM pg_locks
         WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = $1
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
         ORDER BY 1`,
        [RELAY_OWNER_LOCK_SPACE],
      )
    ).map(({ owner }) => owner);

  const outboxRow = async (taskId: string) => {
    const [row] = await stack.sql<OutboxRow>(
      `SELECT claimed_by, publish_attempts, sent_at IS NOT NULL AS sent
       FROM outbox WHERE envelope->>'taskId' = $1`,
      [taskId],
    );
    return row;
  };

  const status = async (api: ApiProcess, taskId: string) =>
    (await api.call('GET', `/api/v1/tasks/${taskId}`, { as: 'read' })).json<Task>().status;

  beforeAll(async () => {
    // Claims that would otherwise hold for two minutes, and publishes that wait as long for a
    // confirm, so that only the owner's death can free a claim within the test.
    stack = await TaskStack.start('outbox_takeover', {
      PUBLISH_TIMEOUT_MS: '60000',
      OUTBOX_CLAIM_TTL_MS: '120000',
    });
    // Only the processes the test starts relay the outbox.
    await stack.api.process.stop('SIGTERM');
    brokerProxy = await TcpProxy.start(Number(new URL(stack.api.env['RABBITMQ_URL']).port));
  });

  afterAll(async () => {
    // A cut (not a thaw) drops what the frozen link still holds.
    await brokerProxy?.cut();
    await Promise.all(apis.map(({ process }) => process.stop('SIGKILL')));
    await stack?.stop();
  });

  it('leaves a live owner its claim and publishes it within seconds of the owner being killed', async () => {
    const stalled = await launch({ RABBITMQ_URL: brokerProxy.url(stack.api.env['RABBITMQ_URL']) });
    brokerProxy.freeze();
    const task = await postTask(stalled, 0);
    let claim: OutboxRow | undefined;
    await eventually(async () => {
      claim = await outboxRow(task.id);
      expect(claim).toMatchObject({ publish_attempts: 1, sent: false });
      expect(claim?.claimed_by).toEqual(expect.any(Number));
    }, 10_000);

    // A second api starts (its first pass runs), then relays a task of its own.
    const survivor = await launch();
    const other = await postTask(survivor, 0);
    await eventually(async () => {
      expect(await outboxRow(other.id)).toMatchObject({ sent: true });
    }, 10_000);
    expect(await outboxRow(task.id)).toEqual(claim);
    expect(await status(survivor, task.id)).toBe('scheduled');

    await stalled.process.stop('SIGKILL');
    const killedAt = Date.now();
    await launch();
    await eventually(async () => {
      expect(await outboxRow(task.id)).toMatchObject({ sent: true, publish_attempts: 2 });
    }, 10_000);
    expect(Date.now() - killedAt).toBeLessThan(5_000);
    await eventually(async () => {
      expect(await status(survivor, task.id)).toBe('succeeded');
    }, 15_000);
  });

  it('takes its owner id back after losing the connection that holds the lock, and relays on', async () => {
    const owners = await heldOwners();
    expect(owners.length).toBeGreaterThan(0);
    await stack.sql(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'profile-api-outbox-owner'`,
    );
    await eventually(async () => expect(await heldOwners()).not.toEqual(owners), 5_000);

    await eventually(async () => expect(await heldOwners()).toEqual(owners), 10_000);
    const [api] = apis.slice(-1);
    const task = await postTask(api, 0);
    await eventually(async () => {
      expect(await outboxRow(task.id)).toMatchObject({ sent: true, publish_attempts: 1 });
    }, 10_000);
  });
});
