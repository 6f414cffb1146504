import { randomBytes } from 'node:crypto';
import type { Answer, FaultStack } from './fault-stack';
import { KEYS } from './fault-stack';
import { settled } from './load';
import type { Answers } from './answers';
import { WorkerEffects } from './worker-effects';
import type { SettledCheck } from './tally';

/** How long after it is due an outbox message may wait to be published. */
const MAX_PUBLISH_DELAY_MS = 10_000;

let sequence = 0;

function postProfile(stack: FaultStack, key: string): Promise<Answer> {
  sequence += 1;
  const unique = `${randomBytes(3).toString('hex')}${sequence}`;
  return stack.call('POST', '/api/v1/profiles', {
    key,
    body: {
      username: `fault-${unique}`,
      email: `fault-${unique}@example.com`,
      displayName: `Fault ${unique}`,
    },
  });
}

/** Creates one profile with `key` and counts the answer. */
export async function createProfile(
  stack: FaultStack,
  answers: Answers,
  key: string = KEYS.write,
): Promise<Answer> {
  const answer = await postProfile(stack, key);
  answers.count('POST /api/v1/profiles', answer, () => String(answer.body?.['id']));
  return answer;
}

/** Creates `count` profiles before a scenario's fault; answers their ids. */
export async function setUpProfiles(stack: FaultStack, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const answer = await postProfile(stack, KEYS.write);
    if (answer.status !== 201) throw new Error(`creating a profile: ${answer.status}`);
    ids.push(String(answer.body?.['id']));
  }
  return ids;
}

export interface ProfileCheck extends SettledCheck {
  welcomeStatuses: Record<string, number>;
}

/**
 * Waits up to `settleMs` for every accepted profile's profile.created event to be published and its
 * welcome task to succeed, then counts: profiles, welcome tasks or events that are nowhere (lost);
 * welcome tasks not succeeded, events still in the outbox and outbox messages published more than
 * MAX_PUBLISH_DELAY_MS after they were due (stuck); events published more than
 * once and welcomes sent more than once (doubled).
 */
export async function checkProfiles(
  stack: FaultStack,
  ids: readonly string[],
  settleMs: number,
): Promise<ProfileCheck> {
  type Welcome = { profile_id: string; id: string; status: string; last_error: string | null };
  let welcomes: Welcome[] = [];
  const published = () => stack.published.profilesWith('profile.created');
  const settledInMs = await settled(async () => {
    welcomes = await stack.sql<Welcome>(
      `SELECT profile_id, id, status, last_error FROM tasks
        WHERE type = 'profile.welcome' AND profile_id = ANY($1)`,
      [ids],
    );
    const events = published();
    return (
      welcomes.length === ids.length &&
      welcomes.every((task) => task.status === 'succeeded') &&
      ids.every((id) => events.has(id))
    );
  }, settleMs);

  const stored = new Set(
    (await stack.sql<{ id: string }>('SELECT id FROM profiles WHERE id = ANY($1)', [ids])).map(
      (row) => row.id,
    ),
  );
  const unsentEvents = new Set(
    (
      await stack.sql<{ profile_id: string }>(
        `SELECT envelope->'payload'->>'profileId' AS profile_id FROM outbox
          WHERE sent_at IS NULL AND routing_key = 'profile.created'`,
      )
    ).map((row) => row.profile_id),
  );
  // A relay that dies with rows claimed must not hold them back for long.
  const late = await stack.sql<{ message_id: string; routing_key: string; delay_ms: number }>(
    `SELECT message_id, routing_key,
            EXTRACT(EPOCH FROM (COALESCE(sent_at, now()) - due_at)) * 1000 AS delay_ms
       FROM outbox WHERE due_at <= now() AND COALESCE(sent_at, now()) - due_at > $1 * interval '1 ms'`,
    [MAX_PUBLISH_DELAY_MS],
  );
  const welcomeOf = new Map(welcomes.map((task) => [task.profile_id, task]));
  const events = published();
  const lost: string[] = [];
  const stuck = late.map(
    (row) =>
      `outbox ${row.message_id} (${row.routing_key}): published ${Math.round(Number(row.delay_ms))} ms after it was due`,
  );
  for (const id of ids) {
    if (!stored.has(id)) lost.push(`profile ${id}: not stored`);
    const welcome = welcomeOf.get(id);
    if (!welcome) lost.push(`profile ${id}: no welcome task`);
    else if (welcome.status === 'failed')
      lost.push(`profile ${id}: welcome failed (${welcome.last_error ?? 'no reason'})`);
    else if (welcome.status !== 'succeeded') stuck.push(`profile ${id}: welcome ${welcome.status}`);
    if (!events.has(id)) {
      if (unsentEvents.has(id)) stuck.push(`profile ${id}: profile.created still in the outbox`);
      else lost.push(`profile ${id}: profile.created neither published nor in the outbox`);
    }
  }
  const effects = new WorkerEffects(stack.workerLogs);
  if (welcomes.some((task) => task.status === 'succeeded') && effects.welcomesByProfile.size === 0)
    throw new Error('no "welcome sent" line in the worker logs');
  const doubled = [
    ...[...stack.published.published('profile.events')]
      .filter(([, count]) => count > 1)
      .map(([messageId, count]) => `event ${messageId}: published ${count} times`),
    ...effects.doubledWelcomes(),
  ];
  const welcomeStatuses: Record<string, number> = {};
  for (const task of welcomes)
    welcomeStatuses[task.status] = (welcomeStatuses[task.status] ?? 0) + 1;
  return { lost, stuck, doubled, welcomeStatuses, settledInMs };
}
