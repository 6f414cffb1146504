import { join } from 'node:path';
import {
  createTestDatabase,
  eventually,
  freePort,
  ServiceProcess,
  TestDatabase,
} from '@profile/testing';

const root = join(__dirname, '../../..');
const nextBin = join(root, 'node_modules/next/dist/bin/next');
const apiDist = join(root, 'dist/apps/api');

function startWeb(port: number, apiUrl: string): ServiceProcess {
  return ServiceProcess.start({
    script: nextBin,
    args: ['start', join(root, 'apps/web'), '--port', String(port), '--hostname', '127.0.0.1'],
    env: { API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1' },
  });
}

describe('web status page (next start against the api process)', () => {
  let database: TestDatabase;
  let api: ServiceProcess;
  let web: ServiceProcess;
  let webUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase('web_status');
    await ServiceProcess.run({
      script: join(apiDist, 'migrate.js'),
      env: { DATABASE_URL: database.url },
    });
    const apiPort = await freePort();
    api = ServiceProcess.start({
      script: join(apiDist, 'main.js'),
      env: { PORT: String(apiPort), DATABASE_URL: database.url },
    });
    await api.waitForHttp(`http://127.0.0.1:${apiPort}/health/ready`);

    const webPort = await freePort();
    webUrl = `http://127.0.0.1:${webPort}`;
    web = startWeb(webPort, `http://127.0.0.1:${apiPort}`);
    await web.waitForHttp(webUrl, [200], 30_000);
  });

  afterAll(async () => {
    await web?.stop();
    await api?.stop();
    await database?.drop();
  });

  it('shows the api ready with each dependency, read on the server side', async () => {
    await eventually(async () => {
      const html = await (await fetch(webUrl, { cache: 'no-store' })).text();
      expect(html).toContain('System status');
      expect(html).toMatch(/API:.*ready/);
      for (const dependency of ['postgres', 'redis', 'rabbitmq']) {
        expect(html).toContain(`<th scope="row">${dependency}</th><td class="state-up">up</td>`);
      }
    });
  });

  it('says the api is unreachable when it is', async () => {
    const port = await freePort();
    const orphan = startWeb(port, `http://127.0.0.1:${await freePort()}`);
    try {
      await orphan.waitForHttp(`http://127.0.0.1:${port}`, [200], 30_000);
      const html = await (await fetch(`http://127.0.0.1:${port}`)).text();
      expect(html).toContain('unreachable');
    } finally {
      await orphan.stop();
    }
  });
});
