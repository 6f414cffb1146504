import { setTimeout as sleep } from 'node:timers/promises';
import { faultProfile } from './support/fault-profile';
import { FaultStack } from './support/fault-stack';
import { bounded, reached } from './support/load';
import { checkProfiles, createProfile } from './support/profile-creates';
import { report } from './support/tally';
import { Answers } from './support/task-burst';

const profile = faultProfile();
const KILLS = 3;

describe('api-sigkill: the api is killed (SIGKILL) during a burst of profile creates and restarted, three times', () => {
  let stack: FaultStack;

  beforeAll(async () => {
    stack = await FaultStack.start('api-sigkill');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('keeps every accepted create with its event and welcome, each published and sent once', async () => {
    // Creates that find the api down (or lose their answer with it) were not accepted: the client
    // sends another (a profile of its own) a moment later.
    const answers = new Answers({ unanswered: true });
    const burst = bounded(profile.burst, profile.concurrency, async () => {
      while ((await createProfile(stack, answers)).status === 0) await sleep(200);
    });
    // Killed more than once: a kill finds the outbox relay holding a claim only now and then.
    for (let kill = 1; kill <= KILLS; kill += 1) {
      await reached(() => answers.accepted.length, (profile.burst * kill) / (KILLS + 1));
      await stack.killApi();
      await sleep(1_000);
      await stack.startApi();
    }
    await burst;

    const profiles = await checkProfiles(stack, answers.accepted, profile.settleMs);
    report(
      stack,
      {
        accepted: answers.accepted.length,
        lost: profiles.lost,
        doubled: profiles.doubled,
        stuck: profiles.stuck,
        serverErrors: answers.serverErrors,
      },
      {
        settledInMs: profiles.settledInMs,
        welcomeStatuses: profiles.welcomeStatuses,
        unanswered: answers.unanswered,
      },
    );
  });
});
