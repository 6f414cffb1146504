// `make seed`: fills the platform with made-up profiles and tasks in every state, through the api,
// so that every page of the console shows something. Running it again adds nothing.
//   API_URL        the api (default http://127.0.0.1:30080)
//   SEED_API_KEY   a key with write scope (default: the first write or admin key of API_KEYS)
//   SEED_PROFILES  how many profiles (default 300)
import { type Profile, type Task, taskStatuses } from '@profile/profile-domain';
import { SeedApi, unexpected } from './seed-api';
import { SEED_PROFILE_COUNT, seedPlan, type SeedProfile } from './seed-plan';

const DEFAULT_API_URL = 'http://127.0.0.1:30080';
/** Reads that fill the api's FIFO cache, so that the console's cache page has entries. */
const CACHE_WARMING_READS = 10;

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The secret of the first key of API_KEYS (`name:scope:secret`, comma-separated) that may write. */
function writeKeyOf(apiKeys: string | undefined): string | undefined {
  for (const entry of (apiKeys ?? '').split(',')) {
    const [, scope, ...secret] = entry.trim().split(':');
    if (scope === 'write' || scope === 'admin') return secret.join(':');
  }
  return undefined;
}

/** Every item of a keyset-paginated list. */
async function all<T>(api: SeedApi, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const query = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: Page<T> = await api.expect<Page<T>>(200, 'GET', `${path}${separator}${query}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** Creates the profile and, only when it is new, its tasks; answers whether it was new. */
async function seedProfile(api: SeedApi, { body, tasks }: SeedProfile): Promise<boolean> {
  const created = await api.call('POST', '/api/v1/profiles', body);
  if (created.status === 409) return false;
  if (created.status !== 201) throw unexpected('POST', '/api/v1/profiles', created);
  for (const task of tasks) {
    const scheduled = await api.expect<Task>(202, 'POST', '/api/v1/tasks', task.request, {
      'idempotency-key': `seed:${body.username}:${task.kind}`,
    });
    if (task.cancel) {
      const cancelled = await api.call('POST', `/api/v1/tasks/${scheduled.id}/cancel`);
      if (cancelled.status !== 200 && cancelled.status !== 409) {
        throw unexpected('POST', `/api/v1/tasks/${scheduled.id}/cancel`, cancelled);
      }
    }
  }
  return true;
}

async function main(): Promise<void> {
  const baseUrl = (process.env['API_URL'] || DEFAULT_API_URL).replace(/\/$/, '');
  const apiKey = process.env['SEED_API_KEY'] || writeKeyOf(process.env['API_KEYS']);
  if (!apiKey) {
    throw new Error('no API key: set SEED_API_KEY to a key with write scope (or API_KEYS)');
  }
  const count = Number(process.env['SEED_PROFILES'] || SEED_PROFILE_COUNT);
  const api = new SeedApi(baseUrl, apiKey);

  try {
    await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(5_000) });
  } catch {
    throw new Error(`the api does not answer at ${baseUrl}: start it with \`make dev\` first`);
  }
  const caller = await api.expect<{ name: string; scope: string }>(
    200,
    'GET',
    '/api/v1/auth/whoami',
  );
  if (caller.scope === 'read') throw new Error(`the key "${caller.name}" may only read`);

  console.log(`seeding ${count} profiles and their tasks through ${baseUrl} as "${caller.name}"`);
  let created = 0;
  for (const profile of seedPlan(count)) {
    if (await seedProfile(api, profile)) created += 1;
  }
  console.log(`${created} profiles created, ${count - created} were already there`);

  const newest = await api.expect<Page<Profile>>(
    200,
    'GET',
    `/api/v1/profiles?limit=${CACHE_WARMING_READS}`,
  );
  for (const profile of newest.items) await api.call('GET', `/api/v1/profiles/${profile.id}`);

  const system = await api.expect<Record<string, { status: string }>>(200, 'GET', '/api/v1/system');
  if (system['worker']?.status !== 'up') {
    console.log('the worker is not running: tasks stay scheduled or queued until it runs');
  }
  const profiles = await all<Profile>(api, '/api/v1/profiles');
  const counts = await Promise.all(
    taskStatuses.map(async (status) => {
      const tasks = await all<Task>(api, `/api/v1/tasks?status=${status}`);
      return `${tasks.length} ${status}`;
    }),
  );
  console.log(`now: ${profiles.length} profiles; tasks: ${counts.join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
