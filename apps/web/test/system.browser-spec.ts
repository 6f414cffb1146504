import type { Browser } from 'playwright-core';
import { checkPage, ConsoleSession, launchBrowser, visit } from './support/browser';
import { Stack } from './support/stack';

describe('the system page', () => {
  let stack: Stack;
  let browser: Browser;
  let session: ConsoleSession;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([Stack.start('system'), launchBrowser()]);
    session = await ConsoleSession.open(browser, stack.webUrl);
    await session.signIn('read');
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await browser?.close();
    await stack?.stop();
    expect(session?.problems).toEqual([]);
  });

  const state = (component: string) =>
    session.page.locator(`tr[data-component="${component}"] .badge`);

  it('shows the api, worker, PostgreSQL, Redis and RabbitMQ up', async () => {
    const { page } = session;
    await visit(page, '/system');
    await page.getByText('Everything is up.').waitFor();
    for (const component of ['api', 'worker', 'postgres', 'redis', 'rabbitmq']) {
      expect([component, await state(component).innerText()]).toEqual([component, 'up']);
    }
    await checkPage(page, 'system');
  });

  it('shows the worker go down and come back without a reload', async () => {
    const { page } = session;
    await stack.stopWorker();
    await page.getByText('Down: Worker.').waitFor({ timeout: 20_000 });
    expect(await state('worker').innerText()).toBe('down');
    expect(await page.locator('tr[data-component="worker"]').innerText()).toMatch(
      /fetch failed|ECONNREFUSED|answers|abort/i,
    );
    await checkPage(page, 'system-worker-down');
    await stack.startWorker();
    await page.getByText('Everything is up.').waitFor({ timeout: 20_000 });
  });

  it('says when the api itself cannot be reached, and recovers when it is back', async () => {
    const { page } = session;
    await stack.stopApi();
    await page
      .getByRole('heading', { name: 'The API cannot be reached' })
      .waitFor({ timeout: 20_000 });
    await stack.startApi();
    await page.getByText('Everything is up.').waitFor({ timeout: 20_000 });
  });
});
