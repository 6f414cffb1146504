import { type Faker, fakerDE, fakerEN, fakerES, fakerFR, fakerIT } from '@faker-js/faker';
import type { TaskType } from '@profile/profile-domain';

/** The profiles `make seed` creates by default. */
export const SEED_PROFILE_COUNT = 300;

const HOUR_MS = 60 * 60 * 1000;
const LOCALES: readonly Faker[] = [fakerEN, fakerDE, fakerFR, fakerES, fakerIT];
/** Reserved for documentation (RFC 2606): no real mailbox or person is behind these addresses. */
const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'];

export interface SeedProfileBody {
  username: string;
  email: string;
  displayName: string;
  bio?: string;
  avatarUrl?: string;
  location?: string;
}

export interface SeedTask {
  /** What the task is there to show; also its Idempotency-Key with the username. */
  kind: 'succeeds' | 'fails' | 'retries' | 'runs-a-minute' | 'later' | 'cancelled';
  request: {
    type: TaskType;
    payload: Record<string, number>;
    maxAttempts: number;
    delayMs?: number;
  };
  /** Cancelled right after it is scheduled. */
  cancel?: true;
}

export interface SeedProfile {
  body: SeedProfileBody;
  /** Tasks created with the profile, besides the welcome and the reminder the api schedules. */
  tasks: SeedTask[];
}

/** Letters without accents, lower case: what a username may hold. */
function usernamePart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function uniqueUsername(first: string, last: string, taken: Set<string>): string {
  const base = `${usernamePart(first)}.${usernamePart(last)}`.slice(0, 28).replace(/[._-]+$/, '');
  let username = base;
  for (let suffix = 2; taken.has(username); suffix += 1) username = `${base}${suffix}`;
  taken.add(username);
  return username;
}

/**
 * The tasks of the profile at `index`, so that the task list has every state: most succeed at
 * once, some fail for good, some fail once and succeed on a retry, a few run for a minute, some
 * are due hours from now and some are cancelled.
 */
function tasksFor(index: number): SeedTask[] {
  const tasks: SeedTask[] = [];
  const sleep = (ms: number) => ({ type: 'diagnostic.sleep' as const, payload: { ms } });
  const fail = (failTimes: number) => ({
    type: 'diagnostic.fail' as const,
    payload: { failTimes },
  });
  if (index % 4 === 1) {
    tasks.push({
      kind: 'succeeds',
      request: { ...sleep(50 + ((index * 37) % 900)), maxAttempts: 1 },
    });
  }
  if (index % 10 === 2) tasks.push({ kind: 'fails', request: { ...fail(1), maxAttempts: 1 } });
  if (index % 25 === 3) tasks.push({ kind: 'retries', request: { ...fail(1), maxAttempts: 3 } });
  if (index % 60 === 13) {
    tasks.push({ kind: 'runs-a-minute', request: { ...sleep(60_000), maxAttempts: 1 } });
  }
  if (index % 30 === 11) {
    const delayMs = (1 + (index % 72)) * HOUR_MS;
    tasks.push({ kind: 'later', request: { ...sleep(500), maxAttempts: 3, delayMs } });
  }
  if (index % 20 === 7) {
    tasks.push({
      kind: 'cancelled',
      request: { ...sleep(1_000), maxAttempts: 3, delayMs: 6 * HOUR_MS },
      cancel: true,
    });
  }
  return tasks;
}

/**
 * `count` made-up profiles and their tasks, the same on every run: each profile's data is drawn
 * from a generator seeded with its index, in one of five locales.
 */
export function seedPlan(count = SEED_PROFILE_COUNT): SeedProfile[] {
  const taken = new Set<string>();
  return Array.from({ length: count }, (_, index) => {
    const faker = LOCALES[index % LOCALES.length];
    faker.seed(1_000 + index);
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const username = uniqueUsername(first, last, taken);
    const body: SeedProfileBody = {
      username,
      email: `${username}@${EMAIL_DOMAINS[index % EMAIL_DOMAINS.length]}`,
      displayName: `${first} ${last}`,
      ...(index % 3 !== 0 ? { bio: faker.person.bio() } : {}),
      ...(index % 5 === 0 ? { avatarUrl: `https://avatars.example.com/${username}.png` } : {}),
      ...(index % 4 !== 0
        ? { location: `${faker.location.city()}, ${faker.location.country()}`.slice(0, 100) }
        : {}),
    };
    return { body, tasks: tasksFor(index) };
  });
}
