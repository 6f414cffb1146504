import type { Browser } from 'playwright-core';
import { checkPage, ConsoleSession, launchBrowser, visit } from './support/browser';
import { apiKeysVariable, KEYS, Stack } from './support/stack';

describe('signing in to the console', () => {
  let stack: Stack;
  let browser: Browser;
  let session: ConsoleSession;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([Stack.start('sign_in'), launchBrowser()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  beforeEach(async () => {
    session = await ConsoleSession.open(browser, stack.webUrl);
  });

  afterEach(async () => {
    const { problems } = session;
    await session.close();
    expect(problems).toEqual([]);
  });

  it('sends a visitor to sign in and back to the page asked for, keeping the key from page code', async () => {
    const { page } = session;
    await visit(page, '/tasks?status=scheduled');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByText('API: ready').waitFor();
    await checkPage(page, 'sign-in');

    await page.getByLabel('API key').fill('not-a-key-of-the-api');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The API does not accept this key.').waitFor();
    expect(await page.getByLabel('API key').getAttribute('aria-invalid')).toBe('true');
    // The refused key stays, selected, in the focused field: to be corrected or typed over.
    expect(await page.getByLabel('API key').inputValue()).toBe('not-a-key-of-the-api');
    expect(
      await page.evaluate(() => {
        const field = document.activeElement as HTMLInputElement | null;
        return [field?.id, field?.selectionStart, field?.selectionEnd];
      }),
    ).toEqual(['api-key', 0, 'not-a-key-of-the-api'.length]);
    await checkPage(page, 'sign-in-refused');

    await page.getByLabel('API key').fill(KEYS.write);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/tasks?status=scheduled');
    await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
    expect(await page.locator('.operator').innerText()).toMatch(/writer\s+write/);

    const [cookie, ...others] = await session.context.cookies();
    expect(others).toEqual([]);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.value).not.toContain(KEYS.write);
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(await page.content()).not.toContain(KEYS.write);
  });

  it('works from the keyboard alone', async () => {
    const { page } = session;
    await visit(page, '/sign-in');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('api-key');
    await page.keyboard.type(KEYS.write);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();

    // On through the navigation.
    await page.getByRole('link', { name: 'Tasks' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: 'Tasks' }).getAttribute('aria-current')).toBe(
      'page',
    );
  });

  it('offers what the key’s scope allows', async () => {
    const { page } = session;
    const nav = page.getByRole('navigation', { name: 'Console' });
    await session.signIn('read');
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    expect(await nav.getByRole('link').allInnerTexts()).toEqual([
      'Overview',
      'Profiles',
      'Tasks',
      'System',
    ]);
    await visit(page, '/profiles');
    expect(await page.getByRole('link', { name: 'New profile' }).count()).toBe(0);

    await session.signIn('admin');
    expect(await nav.getByRole('link').allInnerTexts()).toEqual([
      'Overview',
      'Profiles',
      'Tasks',
      'Dead letters',
      'Cache',
      'System',
    ]);
    await visit(page, '/profiles');
    await page.getByRole('link', { name: 'New profile' }).waitFor();
  });

  it('signs out, forgetting the session', async () => {
    const { page } = session;
    await session.signIn('admin');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    expect(await session.context.cookies()).toEqual([]);
    await visit(page, '/profiles');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('says when the api is down, then ends a session whose key was revoked', async () => {
    const { page } = session;
    await session.signIn('read');
    await stack.stopApi();
    try {
      // The liveness probe answers without a session and without the api.
      const live = await fetch(`${stack.webUrl}/healthz`, { redirect: 'manual' });
      expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);

      await visit(page, '/profiles');
      await page.getByRole('heading', { name: 'The API cannot be reached' }).waitFor();
      await checkPage(page, 'api-unreachable');

      const visitor = await ConsoleSession.open(browser, stack.webUrl);
      try {
        await visit(visitor.page, '/sign-in');
        await visitor.page
          .getByText('The API cannot be reached, so no key can be checked')
          .waitFor();
        await visitor.page.getByLabel('API key').fill(KEYS.admin);
        await visitor.page.getByRole('button', { name: 'Sign in' }).click();
        await visitor.page
          .getByText(/Cannot check the key: the API refused the connection/)
          .waitFor();
        expect(await visitor.context.cookies()).toEqual([]);
      } finally {
        await visitor.close();
        expect(visitor.problems).toEqual([]);
      }
    } finally {
      // Back without the read key: the reader's session must end on its next page.
      await stack.startApi(apiKeysVariable(['admin', 'write']));
    }
    await page.reload();
    await page.waitForURL('**/sign-in?reason=expired');
    await page.getByText('The API no longer accepts the key you signed in with.').waitFor();
    expect(await session.context.cookies()).toEqual([]);
  });
});
