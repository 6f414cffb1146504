import { setTimeout as sleep } from 'node:timers/promises';
import { faultProfile } from './support/fault-profile';
import { faultStackFor } from './support/fault-stack';
import { paced, reached } from './support/load';
import { checkProfiles, createProfile } from './support/profile-creates';
import { relayHoldsClaims } from './support/outbox-claims';
import { reportCheck } from './support/tally';
import { Answers } from './support/answers';

const profile = faultProfile();
const KILLS = 3;
const API_LIFETIME_MS = 5_000;

describe('api-sigkill: the api is killed (SIGKILL) during a burst of profile creates and restarted, three times', () => {
  const stackOf = faultStackFor('api-sigkill', { proxyRabbit: true });

  it('keeps every accepted create with its event and welcome, each published and sent once', async () => {
    const stack = stackOf();
    // Creates that find the api down (or lose their answer with it) were not accepted: the client
    // sends another (a profile of its own) a moment later.
    const answers = new Answers({ unanswered: true });
    const load = paced(
      profile.burst,
      profile.concurrency,
      (KILLS + 1) * API_LIFETIME_MS,
      async () => {
        while ((await createProfile(stack, answers)).status === 0) await sleep(200);
      },
    );
    // Each api lives long enough to relay what it finds due (what waits longer is held back), then
    // is killed while its relay holds claimed rows: its link to RabbitMQ stalls first, so that its
    // publishes wait for confirms.
    const killedHoldingClaims: boolean[] = [];
    for (let kill = 1; kill <= KILLS; kill += 1) {
      await sleep(API_LIFETIME_MS);
      stack.stallRabbit('api');
      killedHoldingClaims.push(await relayHoldsClaims(stack, API_LIFETIME_MS));
      await stack.killApi();
      await stack.resumeRabbit('api');
      await sleep(1_000);
      await stack.startApi();
    }
    await sleep(API_LIFETIME_MS);
    await reached(() => answers.accepted.length, profile.burst);
    await load.stop();

    const profiles = await checkProfiles(stack, answers.accepted, profile.settleMs);
    reportCheck(stack, answers, profiles, {
      welcomeStatuses: profiles.welcomeStatuses,
      unanswered: answers.unanswered,
      killedHoldingClaims,
    });
  });
});
