import { setTimeout as sleep } from 'node:timers/promises';
import { faultProfile } from './support/fault-profile';
import { faultStackFor } from './support/fault-stack';
import { paced, reached } from './support/load';
import { setUpProfiles } from './support/profile-creates';
import { reportCheck } from './support/tally';
import { Answers } from './support/answers';
import { checkTasks, createBurstTask } from './support/task-burst';

const profile = faultProfile();
const OUTAGE_MS = 6_000;

describe('postgres-restart: the PostgreSQL cluster is stopped and started again during a burst of tasks', () => {
  const stackOf = faultStackFor('postgres-restart');

  it('settles every accepted task once, and answers writes 503 with Retry-After meanwhile', async () => {
    const stack = stackOf();
    const answers = new Answers({ unavailable: true });
    const profileIds = await setUpProfiles(stack, 10);
    // Tasks keep coming, paced, from before the outage until after it.
    const load = paced(profile.burst, profile.concurrency, OUTAGE_MS + 6_000, (index) =>
      // Sleeps of 1 to 8 s: outcomes keep arriving while the database is away.
      createBurstTask(stack, answers, index, 1_000 * (1 + (index % 8)), profileIds),
    );
    await sleep(3_000);
    await stack.postgres.stop('fast');
    await sleep(OUTAGE_MS);
    await stack.postgres.start();
    await sleep(3_000);
    await reached(() => answers.accepted.length, profile.burst);
    await load.stop();

    const tasks = await checkTasks(stack, answers.accepted, profile.settleMs, 'settled');
    reportCheck(stack, answers, tasks, {
      statuses: tasks.statuses,
      answered503: answers.unavailable,
    });
    expect(answers.unavailable).toBeGreaterThan(0);
  });
});
