import type { Profile, Task } from '@profile/profile-domain';
import type { Page } from 'playwright-core';
import { checkPage, visit } from './support/browser';
import { consoleSuite } from './support/console-suite';
import { newProfile } from './support/stack';

const ROUTE = 'GET /api/v1/profiles/:id';
const BURST = 300;

/** The values of a chart's numbers table, by column name, newest minute last. */
async function numbers(page: Page, chart: string): Promise<Record<string, number[]>> {
  // In a closed <details>: not shown, so found by its label rather than by its role.
  const table = page.locator(`[aria-label="${chart}: the numbers"] table`);
  const headers = await table.locator('thead th').allTextContents();
  const rows = await table
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
  return Object.fromEntries(
    headers
      .slice(1)
      .map((name, column) => [
        name,
        rows.map((cells) => Number.parseFloat(cells[column] ?? '') || 0),
      ]),
  );
}

/** The minutes (ISO) of a chart's numbers table, in the order of its rows. */
async function minutes(page: Page, chart: string): Promise<string[]> {
  return page
    .locator(`[aria-label="${chart}: the numbers"] tbody th time`)
    .evaluateAll((times) => times.map((time) => time.getAttribute('datetime') ?? ''));
}

/** A series' value in one minute of a chart, by the minute's row in its numbers table. */
async function valueAt(page: Page, chart: string, series: string, minute: string) {
  const row = (await minutes(page, chart)).indexOf(minute);
  return row < 0 ? undefined : (await numbers(page, chart))[series]?.[row];
}

describe('charts over time in the console', () => {
  const suite = consoleSuite('overview');
  const { open } = suite;

  it('draws a burst of reads and of tasks on the overview, a minute at a time', async () => {
    const profile = (
      await suite.stack.api<Profile>('POST', '/api/v1/profiles', { body: newProfile() })
    ).body;
    // The one miss: the burst's reads are hits.
    await suite.stack.api('GET', `/api/v1/profiles/${profile.id}`, { as: 'read' });
    for (let sent = 0; sent < BURST; sent += 50) {
      await Promise.all(
        Array.from({ length: 50 }, () =>
          suite.stack.api('GET', `/api/v1/profiles/${profile.id}`, { as: 'read' }),
        ),
      );
    }
    const tasks = await Promise.all(
      Array.from({ length: 4 }, (_, index) =>
        suite.stack.api<Task>('POST', '/api/v1/tasks', {
          as: 'write',
          body: { type: 'diagnostic.fail', payload: { failTimes: index % 2 }, maxAttempts: 1 },
        }),
      ),
    );

    const { page } = await open('read');
    await visit(page, '/overview');
    expect(await page.title()).toBe('Overview · Profile console');
    // The samples reach Redis within 5 s and a history serves for 5 s: reload until they show.
    const deadline = Date.now() + 40_000;
    for (;;) {
      const requests = await numbers(page, 'Requests per second, busiest routes');
      const attempts = await numbers(page, 'Task attempts per minute, by outcome');
      const sum = (values: number[] = []) => values.slice(-2).reduce((a, b) => a + b, 0);
      const seen = {
        reads: sum(requests[ROUTE]) * 60,
        succeeded: sum(attempts['Succeeded']),
        failed: sum(attempts['Failed']),
      };
      if (seen.reads >= BURST && seen.succeeded >= 2 && seen.failed >= 2) break;
      if (Date.now() > deadline) {
        throw new Error(`the charts never showed the burst: ${JSON.stringify(seen)}`);
      }
      await page.waitForTimeout(2_000);
      await visit(page, '/overview');
    }
    expect(tasks.every(({ status }) => status === 202)).toBe(true);
    // Every chart is drawn, with a line for each of its series.
    expect(await page.locator('figure.history-chart').count()).toBe(7);
    expect(
      await page
        .locator('figure.history-chart', { hasText: 'Requests per second' })
        .locator('.recharts-line-curve')
        .count(),
    ).toBeGreaterThan(0);
    // The burst may straddle a minute: the hit ratio is checked in the minute that holds most of it.
    const requestsChart = 'Requests per second, busiest routes';
    const reads = (await numbers(page, requestsChart))[ROUTE] ?? [];
    const busiest = (await minutes(page, requestsChart))[reads.indexOf(Math.max(...reads))] ?? '';
    expect(await valueAt(page, 'Cache hit ratio', 'Hit ratio', busiest)).toBeGreaterThan(90);
    await page.getByText('From the api’s own per-minute samples').waitFor();
    await page.locator('details.chart-numbers').first().locator('summary').click();
    await checkPage(page, 'overview');
  });

  it('puts sparklines of the last hour on the tasks, cache and system pages', async () => {
    const { page } = await open('admin');
    for (const [path, name] of [
      ['/tasks', /^Task attempts\/min, per minute over the last hour: latest /],
      ['/cache', /^Hit ratio, per minute over the last hour: latest \d+\.\d %/],
      ['/system', /^Requests\/s, per minute over the last hour: latest /],
    ] as const) {
      await visit(page, path);
      const sparkline = page.getByRole('img', { name });
      await sparkline.waitFor();
      expect(await sparkline.locator('.recharts-line-curve').count()).toBe(1);
    }
  });

  it('offers a light and a dark theme beside the system’s, kept across pages', async () => {
    const { page } = await open('read');
    await page.emulateMedia({ colorScheme: 'light' });
    await visit(page, '/overview');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).toBe('rgb(255, 255, 255)');

    await page.getByLabel('Theme').selectOption('dark');
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    expect(await background()).toBe('rgb(13, 17, 23)');
    await visit(page, '/tasks');
    expect(await background()).toBe('rgb(13, 17, 23)');
    expect(await page.getByLabel('Theme').inputValue()).toBe('dark');
    await checkPage(page, 'tasks-dark');

    await page.getByLabel('Theme').selectOption('system');
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBeUndefined();
    expect(await background()).toBe('rgb(255, 255, 255)');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBe('rgb(13, 17, 23)');
    await checkPage(page, 'tasks-system-dark');
  });
});
