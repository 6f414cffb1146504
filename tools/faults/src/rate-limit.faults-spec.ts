import { faultProfile } from './support/fault-profile';
import { faultStackFor, KEYS, shippedWorkerKey } from './support/fault-stack';
import { checkProfiles, createProfile } from './support/profile-creates';
import { reportCheck } from './support/tally';
import { Answers } from './support/answers';
import { bounded } from './support/load';

const profile = faultProfile();
const CLIENTS = { 'client-a': 'faults-client-a-secret', 'client-b': 'faults-client-b-secret' };

const clientKeys = Object.entries(CLIENTS).map(([name, secret]) => `${name}:write:${secret}`);

describe('rate-limit: two client keys create profiles at the client rate limit', () => {
  const stackOf = faultStackFor('rate-limit', {
    apiEnv: {
      API_KEYS: [`admin:admin:${KEYS.admin}`, shippedWorkerKey(), ...clientKeys].join(','),
      RATE_LIMIT_LIMIT: String(profile.clientLimit),
      RATE_LIMIT_TTL_MS: '60000',
    },
  });

  it("runs every welcome to success: the worker's reads are not throttled", async () => {
    const stack = stackOf();
    const answers = new Answers();
    await Promise.all(
      Object.values(CLIENTS).map((secret) =>
        bounded(profile.clientLimit, profile.concurrency / 2, () =>
          createProfile(stack, answers, secret),
        ),
      ),
    );

    const profiles = await checkProfiles(stack, answers.accepted, profile.settleMs);
    reportCheck(stack, answers, profiles, { welcomeStatuses: profiles.welcomeStatuses });
    // Every client stayed within its limit: each create was accepted.
    expect(answers.accepted).toHaveLength(profile.clientLimit * 2);
  });
});
