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
  /** Each in front of RabbitMQ for one api, whose link the test freezes. */
  const proxies: TcpProxy[] = [];
  const apis: ApiProcess[] = [];
  /** The api started after the second owner was killed; it runs to the end. */
  let replacement: ApiProcess;

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

  /** An api whose broker link is frozen, and the claim it holds on a task it cannot publish. */
  const stalledClaim = async () => {
    const proxy = await TcpProxy.start(brokerPort());
    proxies.push(proxy);
    const owner = await launch({ RABBITMQ_URL: proxy.url(stack.api.env['RABBITMQ_URL']) });
    proxy.freeze();
    const task = await postTask(owner, 0);
    let claim: OutboxRow | undefined;
    await eventually(async () => {
      claim = await outboxRow(task.id);
      expect(claim).toMatchObject({ publish_attempts: 1, sent: false });
      expect(claim?.claimed_by).toEqual(expect.any(Number));
    }, 10_000);
    return { owner, task, claim };
  };

  const brokerPort = () => Number(new URL(stack.api.env['RABBITMQ_URL']).port);
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    // Claims that would otherwise hold for two minutes, and publishes that wait as long for a
    // confirm, so that only the owner's death can free a claim within the test.
    stack = await TaskStack.start('outbox_takeover', {
      PUBLISH_TIMEOUT_MS: '60000',
      OUTBOX_CLAIM_TTL_MS: '120000',
    });
    // Only the processes the test starts relay the outbox; the worker, which claims attempts
    // through the api, is started against one of them.
    await Promise.all([stack.api.process.stop('SIGTERM'), stack.worker.stop('SIGTERM')]);
  });

  afterAll(async () => {
    // A cut (not a thaw) drops what a frozen link still holds.
    await Promise.all(proxies.map((proxy) => proxy.cut()));
    await Promise.all(apis.map(({ process }) => process.stop('SIGKILL')));
    await stack?.stop();
  });

  it('leaves a live owner its claim, and lets a running api take it within seconds of the owner being killed', async () => {
    const { owner, task, claim } = await stalledClaim();

    // Another api starts (its first pass runs), relays a task of its own, and keeps looking.
    const survivor = await launch();
    await stack.startWorker({ API_URL: survivor.baseUrl });
    const other = await postTask(survivor, 0);
    await eventually(async () => {
      expect(await outboxRow(other.id)).toMatchObject({ sent: true });
    }, 10_000);
    await pause(2_500);
    expect(await outboxRow(task.id)).toEqual(claim);
    expect(await status(survivor, task.id)).toBe('scheduled');

    await owner.process.stop('SIGKILL');
    const killedAt = Date.now();
    await eventually(async () => {
      expect(await outboxRow(task.id)).toMatchObject({ sent: true, publish_attempts: 2 });
    }, 10_000);
    expect(Date.now() - killedAt).toBeLessThan(3_000);
    await eventually(async () => {
      expect(await status(survivor, task.id)).toBe('succeeded');
    }, 15_000);
    await survivor.process.stop('SIGTERM');
  });

  it('publishes the claim of a killed owner from an api started after it, within seconds', async () => {
    const { owner, task } = await stalledClaim();

    await owner.process.stop('SIGKILL');
    const killedAt = Date.now();
    replacement = await launch();
    await eventually(async () => {
      expect(await outboxRow(task.id)).toMatchObject({ sent: true, publish_attempts: 2 });
    }, 10_000);
    expect(Date.now() - killedAt).toBeLessThan(5_000);
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
    const task = await postTask(replacement, 0);
    await eventually(async () => {
      expect(await outboxRow(task.id)).toMatchObject({ sent: true, publish_attempts: 1 });
    }, 10_000);
  });
});
