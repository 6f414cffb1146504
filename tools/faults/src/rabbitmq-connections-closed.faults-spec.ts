import { setTimeout as sleep } from 'node:timers/promises';
import { faultProfile } from './support/fault-profile';
import { faultStackFor } from './support/fault-stack';
import { paced, reached } from './support/load';
import { setUpProfiles } from './support/profile-creates';
import { OBSERVER_CONNECTION } from './support/published-messages';
import { reportCheck } from './support/tally';
import { Answers } from './support/answers';
import { checkTasks, createBurstTask } from './support/task-burst';
import { closeVhostConnections } from './support/vhost-connections';

const profile = faultProfile();
const CLOSES = 3;

describe("rabbitmq-connections-closed: the broker closes the apps' connections during a burst of tasks", () => {
  const stackOf = faultStackFor('rabbitmq-connections-closed');

  it('runs every accepted task to success, none twice', async () => {
    const stack = stackOf();
    const answers = new Answers();
    const profileIds = await setUpProfiles(stack, 10);
    // Tasks keep coming, paced over the closes, until the burst is complete.
    const load = paced(profile.burst, profile.concurrency, (CLOSES + 1) * 2_000, (index) =>
      createBurstTask(stack, answers, index, 500, profileIds),
    );
    const closed: number[] = [];
    for (let round = 0; round < CLOSES; round += 1) {
      await sleep(2_000);
      // The api's and the worker's connections, once both are back after the last close.
      closed.push(await closeVhostConnections(stack.vhost.name, OBSERVER_CONNECTION, 2));
    }
    await sleep(2_000);
    await reached(() => answers.accepted.length, profile.burst);
    await load.stop();

    const tasks = await checkTasks(stack, answers.accepted, profile.settleMs, 'succeeded');
    reportCheck(stack, answers, tasks, { statuses: tasks.statuses, connectionsClosed: closed });
  });
});
