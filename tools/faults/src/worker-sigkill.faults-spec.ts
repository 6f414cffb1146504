import { setTimeout as sleep } from 'node:timers/promises';
import { faultProfile } from './support/fault-profile';
import { faultStackFor } from './support/fault-stack';
import { bounded, reached, within } from './support/load';
import { setUpProfiles } from './support/profile-creates';
import { reportCheck } from './support/tally';
import { WorkerEffects } from './support/worker-effects';
import { Answers } from './support/answers';
import { checkTasks, createBurstTask } from './support/task-burst';

const profile = faultProfile();
const KILLS = 3;

describe('worker-sigkill: the worker is killed (SIGKILL) mid-burst of tasks and restarted, three times', () => {
  const stackOf = faultStackFor('worker-sigkill', { proxyRabbit: true });

  it('runs every accepted task to success, each handler to its end once', async () => {
    const stack = stackOf();
    const answers = new Answers();
    const profileIds = await setUpProfiles(stack, 10);
    const burst = bounded(profile.burst, profile.concurrency, (index) =>
      createBurstTask(stack, answers, index, 300, profileIds),
    );
    // Each kill comes while the worker's link to RabbitMQ stalls, so that a handler that ends meanwhile
    // waits for its outcome's confirm with its message unacknowledged; once a welcome was sent then
    // (if one is within a few seconds).
    const welcomesSent = () => new WorkerEffects(stack.workerLogs).welcomes();
    const killedAfterWelcome: boolean[] = [];
    for (let kill = 1; kill <= KILLS; kill += 1) {
      await reached(() => answers.accepted.length, (profile.burst * kill) / (KILLS + 1));
      const before = welcomesSent();
      stack.stallRabbit('worker');
      killedAfterWelcome.push(await within(() => welcomesSent() > before, 3_000));
      await stack.killWorker();
      await stack.resumeRabbit('worker');
      await sleep(1_000);
      await stack.startWorker();
    }
    await burst;

    const tasks = await checkTasks(stack, answers.accepted, profile.settleMs, 'succeeded');
    reportCheck(stack, answers, tasks, { statuses: tasks.statuses, killedAfterWelcome });
  });
});
