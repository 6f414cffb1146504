import { freePort, type ServiceProcess } from '@profile/testing';
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { checkPage, ConsoleSession, launchBrowser, visit } from './support/browser';
import { KEYS, startConsole } from './support/stack';

type Route = [status: number, body: unknown];

/**
 * Stands in for the api where it answers outside the contract, which the real api never does: a
 * console of another version, or something between the two, would. Each path answers as the test
 * sets it; any other path is a 404 problem.
 */
class OffContractApi {
  readonly routes = new Map<string, Route>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<OffContractApi> {
    const port = await freePort();
    const api = new OffContractApi(createServer(), `http://127.0.0.1:${port}`);
    api.server.on('request', (request, response) => {
      const path = (request.url ?? '').split('?')[0] ?? '';
      const [status, body] = api.routes.get(path) ?? [404, notFound(path)];
      response
        .writeHead(status, {
          'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
          'x-request-id': 'stand-in-1',
        })
        .end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => api.server.listen(port, '127.0.0.1', resolve));
    return api;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const notFound = (path: string) => ({
  type: 'urn:profile-api:problem:not-found',
  title: 'Not found',
  status: 404,
  detail: `No route matches GET ${path}.`,
  instance: path,
  requestId: 'stand-in-1',
});

const up = { status: 'up' };

describe('the console when the api answers outside its contract', () => {
  let api: OffContractApi;
  let web: ServiceProcess;
  let browser: Browser;
  let session: ConsoleSession;

  beforeAll(async () => {
    const port = await freePort();
    api = await OffContractApi.start();
    api.routes.set('/health/ready', [
      200,
      { status: 'ok', shuttingDown: false, details: { postgres: up } },
    ]);
    [web, browser] = await Promise.all([startConsole(port, api.url), launchBrowser()]);
    session = await ConsoleSession.open(browser, `http://127.0.0.1:${port}`);
  }, 120_000);

  afterAll(async () => {
    await session?.close();
    await browser?.close();
    await web?.stop();
    await api?.stop();
    expect(session?.problems).toEqual([]);
  });

  it('refuses to sign in on a whoami it cannot read, and says why', async () => {
    api.routes.set('/api/v1/auth/whoami', [200, { name: 'ops', scope: 'root' }]);
    const { page } = session;
    await visit(page, '/sign-in');
    await page.getByLabel('API key').fill(KEYS.admin);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByText(
        'Cannot check the key: the API answered HTTP 200, but its body does not match the contract (scope:',
      )
      .waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('shows an answer that breaks the contract as an error naming the field, not a crash', async () => {
    api.routes.set('/api/v1/auth/whoami', [200, { name: 'ops', scope: 'admin' }]);
    api.routes.set('/api/v1/profiles', [
      200,
      {
        items: [{ id: '6f1c2d1e-0000-4000-8000-000000000000', username: 'ada', email: 42 }],
        nextCursor: null,
      },
    ]);
    api.routes.set('/api/v1/system', [200, { api: up, worker: up, postgres: up, redis: up }]);
    await session.signIn('admin');
    const { page } = session;

    await visit(page, '/profiles');
    // Next.js keeps a route announcer with the alert role too.
    const alert = page.locator('.alert-error');
    await page
      .getByRole('heading', { name: 'The API answered in a form the console does not know' })
      .waitFor();
    expect(await alert.innerText()).toMatch(/Could not load the profiles: .*items\.0\.email/);
    expect(await alert.innerText()).toContain('request id stand-in-1');
    await checkPage(page, 'off-contract-profiles');

    await visit(page, '/system');
    await page
      .getByRole('heading', { name: 'The API answered in a form the console does not know' })
      .waitFor();
    expect(await alert.innerText()).toMatch(/rabbitmq/);
  });

  it('shows an error answer without a problem body as the api failing', async () => {
    api.routes.set('/api/v1/system', [502, '<html>Bad gateway</html>']);
    const { page } = session;
    await visit(page, '/system');
    await page.getByRole('heading', { name: 'The API could not answer' }).waitFor();
    expect(await page.locator('.alert-error').innerText()).toMatch(/HTTP 502/);
  });
});
