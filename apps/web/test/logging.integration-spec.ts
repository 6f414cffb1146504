import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { eventually, freePort, ServiceProcess } from '@profile/testing';

const root = join(__dirname, '../../..');
const nextBin = join(root, 'node_modules/next/dist/bin/next');

/** The lines of `output` that are JSON objects. */
function jsonLines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

// The built console under `next start`, alone: what it writes once it runs is JSON with the
// api's fields (level by name, ISO time, service, message), as the cluster's log collector reads it.
describe('the console server log', () => {
  let web: ServiceProcess;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    web = ServiceProcess.start({
      script: nextBin,
      args: ['start', join(root, 'apps/web'), '--port', String(port), '--hostname', '127.0.0.1'],
      env: {
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        API_URL: `http://127.0.0.1:${await freePort()}`,
        SESSION_SECRET: randomBytes(32).toString('hex'),
      },
    });
    await web.waitForHttp(`${url}/sign-in`, [200], 30_000);
  });

  afterAll(() => web?.stop());

  it('writes what Next.js reports as a JSON line with the fields of the api, and no query string', async () => {
    // A server action that does not exist: Next.js warns about it through console.
    const answer = await fetch(`${url}/sign-in?email=ada%40example.com`, {
      method: 'POST',
      headers: { 'next-action': 'f'.repeat(40), 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(answer.status).toBe(404);
    await eventually(async () => {
      expect(jsonLines(web.logs)).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          service: 'web',
          context: 'console',
          time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          message: expect.stringContaining('Failed to find Server Action'),
        }),
      );
    });
    expect(web.logs).not.toContain('example.com');
  });

  it('writes nothing but JSON once the server runs', async () => {
    await fetch(`${url}/sign-in`);
    const afterStart = web.logs.split(/^.*Ready in .*$/m)[1] ?? '';
    const lines = afterStart.split('\n').filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});
