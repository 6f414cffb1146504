import { Browser, chromium } from 'playwright-core';
import { ApiUnderTest } from './support/api-under-test';

jest.setTimeout(60_000);

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

describe('Swagger UI at /docs in Chromium', () => {
  let api: ApiUnderTest;
  let browser: Browser;

  beforeAll(async () => {
    api = await ApiUnderTest.start('swagger_ui');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('loads without console errors and lists every operation of the document', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        problems.push(`console ${message.type()}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
    });

    await page.goto(`${api.baseUrl}/docs`, { waitUntil: 'networkidle' });
    await page.locator('.opblock').first().waitFor();

    const document = (await api.call('GET', '/docs-json', { as: null })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const documented = Object.entries(document.paths)
      .flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    const shown = (
      await page
        .locator('.opblock-summary')
        .evaluateAll((blocks) =>
          blocks.map(
            (block) =>
              `${block.querySelector('.opblock-summary-method')?.textContent} ${block
                .querySelector('.opblock-summary-path')
                ?.getAttribute('data-path')}`,
          ),
        )
    ).sort();
    expect(shown).toEqual(documented);
    await expect(page.locator('.btn.authorize').count()).resolves.toBe(1);
    await expect(page.title()).resolves.toMatch(/Swagger UI/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('authorizes with an API key and tries GET /api/v1/auth/whoami from the page', async () => {
    const page = await browser.newPage();
    await page.goto(`${api.baseUrl}/docs`, { waitUntil: 'networkidle' });
    await page.locator('.btn.authorize').click();
    await page.locator('.auth-container input').fill('test-read-secret');
    await page.locator('.auth-btn-wrapper .authorize').click();
    await page.locator('.btn-done').click();

    const operation = page.locator('#operations-auth-AuthController_whoami');
    await operation.locator('.opblock-summary').click();
    await operation.locator('.try-out__btn').click();
    const answered = page.waitForResponse((response) => response.url().endsWith('/auth/whoami'));
    await operation.locator('.execute').click();
    const response = await answered;
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ name: 'reader', scope: 'read' });
    await page.close();
  });
});
