import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually } from '@profile/testing';
import { checkPage, visit } from './support/browser';
import { consoleSuite } from './support/console-suite';
import { KEYS } from './support/stack';

const root = join(__dirname, '../../..');
const run = promisify(execFile);
/** The states the seed leaves tasks in for good (its minute-long tasks run only for a minute). */
const STATES = ['scheduled', 'succeeded', 'failed', 'cancelled'];

// The console as a newcomer sees it after `make seed`: every page with a few hundred profiles and
// tasks in every state passes the same checks as the others, and its screenshots are the README's
// (`make screenshots`).
describe('the console of a seeded platform', () => {
  const suite = consoleSuite('seeded');

  beforeAll(async () => {
    await run(process.execPath, ['-r', '@swc-node/register', 'tools/seed/main.ts'], {
      cwd: root,
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'production',
        SWC_NODE_PROJECT: 'tsconfig.register.json',
        API_URL: suite.stack.apiUrl,
        SEED_API_KEY: KEYS.write,
      },
      timeout: 240_000,
    });
    // The worker may still be running the seed's tasks: wait until each state has some.
    await eventually(async () => {
      for (const status of STATES) {
        const { body } = await suite.stack.api<{ items: unknown[] }>(
          'GET',
          `/api/v1/tasks?status=${status}&limit=1`,
        );
        expect([status, body.items.length]).toEqual([status, 1]);
      }
    }, 60_000);
  }, 300_000);

  it('shows the profiles, a profile and its edit form', async () => {
    const { page } = await suite.open('admin');
    await visit(page, '/profiles');
    const links = page.locator('tbody a[href^="/profiles/"]');
    // A full page: 20 profiles.
    expect(await links.count()).toBe(20);
    await checkPage(page, 'seeded-profiles');

    const href = (await links.nth(1).getAttribute('href'))!;
    await visit(page, href);
    await page.getByRole('link', { name: 'Edit' }).waitFor();
    await checkPage(page, 'seeded-profile');
    await visit(page, `${href}/edit`);
    await checkPage(page, 'seeded-profile-edit');
  });

  it('shows tasks in every state and a failed one', async () => {
    const { page } = await suite.open('admin');
    await visit(page, '/tasks');
    // A full page: 25 tasks.
    expect(await page.locator('tbody tr[data-task-id]').count()).toBe(25);
    await checkPage(page, 'seeded-tasks');

    for (const status of STATES) {
      await visit(page, `/tasks?status=${status}`);
      const rows = await page.locator('tbody tr[data-task-id]').count();
      expect([status, rows]).not.toEqual([status, 0]);
    }

    await visit(page, '/tasks?status=failed');
    await visit(
      page,
      (await page.locator('tbody a[href^="/tasks/"]').first().getAttribute('href'))!,
    );
    await page.getByText('fails on purpose').first().waitFor();
    await checkPage(page, 'seeded-task');
  });

  it('shows the cache the seed filled and the system', async () => {
    const { page } = await suite.open('admin');
    await visit(page, '/cache');
    await page.getByRole('heading', { name: /FIFO lane \(3 of 3 entries\)/ }).waitFor();
    await checkPage(page, 'seeded-cache');
    await visit(page, '/system');
    await checkPage(page, 'seeded-system');
  });
});
