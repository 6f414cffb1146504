import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { KEYS, type KeyScope } from './stack';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SCREENSHOTS = join(__dirname, '../../../../reports/screenshots/web');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * A browser context of its own (its own cookies) with one page whose console errors, page errors
 * and hydration warnings are collected: `problems` must stay empty.
 */
export class ConsoleSession {
  readonly problems: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly baseUrl: string,
  ) {
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' || /hydrat/i.test(text)) {
        this.problems.push(`console ${message.type()}: ${text}`);
      }
    });
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.message}`));
  }

  static async open(browser: Browser, baseUrl: string): Promise<ConsoleSession> {
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: 1280, height: 900 },
    });
    context.setDefaultTimeout(15_000);
    return new ConsoleSession(context, await context.newPage(), baseUrl);
  }

  /** Signs in through the form with the key of `scope` and waits for the console to open. */
  async signIn(scope: KeyScope): Promise<void> {
    await this.page.goto('/sign-in');
    await this.page.getByLabel('API key').fill(KEYS[scope]);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.page.waitForURL((url) => url.pathname !== '/sign-in');
  }

  /**
   * Takes the console errors a page answered with 404 logs (as it should: the document, and the
   * router's own fetch of it) out of `problems`, once the page has settled.
   */
  async expectNotFoundLogged(): Promise<void> {
    await this.page.waitForLoadState('networkidle');
    const notFound = (problem: string) =>
      problem.includes('the server responded with a status of 404');
    expect(this.problems.filter(notFound).length).toBeGreaterThan(0);
    this.problems.splice(0, this.problems.length, ...this.problems.filter((p) => !notFound(p)));
  }

  /** The sealed session cookie's value, as a Cookie header. */
  async cookieHeader(): Promise<string> {
    const cookies = await this.context.cookies();
    return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/**
 * Opens a console page and waits until its scripts have loaded, so that what the test types goes
 * to the hydrated page (a controlled input would drop what was typed before).
 */
export async function visit(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
}

export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** Runs axe-core in the page and returns its serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof Axe }).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')),
      }));
  });
}

/** Keeps a full-page screenshot under reports/screenshots/web/ as a test artifact. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** What every page must pass: no serious or critical axe violation; its screenshot kept. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, name);
}
