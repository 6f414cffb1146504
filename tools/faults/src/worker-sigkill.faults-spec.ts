import { setTimeout as sleep } from 'node:timers/promises';
import { faultProfile } from './support/fault-profile';
import { FaultStack } from './support/fault-stack';
import { bounded, reached } from './support/load';
import { setUpProfiles } from './support/profile-creates';
import { report } from './support/tally';
import { Answers, checkTasks, createBurstTask } from './support/task-burst';

const profile = faultProfile();
const KILLS = 2;

describe('worker-sigkill: the worker is killed (SIGKILL) mid-burst of tasks and restarted, twice', () => {
  let stack: FaultStack;

  beforeAll(async () => {
    stack = await FaultStack.start('worker-sigkill');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('runs every accepted task to success, each handler to its end once', async () => {
    const answers = new Answers();
    const profileIds = await setUpProfiles(stack, 10);
    const burst = bounded(profile.burst, profile.concurrency, (index) =>
      createBurstTask(stack, answers, index, 300, profileIds),
    );
    // Killed twice: a kill finds a handler done but its message not yet acknowledged only now and then.
    for (let kill = 1; kill <= KILLS; kill += 1) {
      await reached(() => answers.accepted.length, (profile.burst * kill) / (KILLS + 1));
      await stack.killWorker();
      await sleep(1_000);
      await stack.startWorker();
    }
    await burst;

    const tasks = await checkTasks(stack, answers.accepted, profile.settleMs, 'succeeded');
    report(
      stack,
      {
        accepted: answers.accepted.length,
        lost: tasks.lost,
        doubled: tasks.doubled,
        stuck: tasks.stuck,
        serverErrors: answers.serverErrors,
      },
      { settledInMs: tasks.settledInMs, statuses: tasks.statuses },
    );
  });
});
