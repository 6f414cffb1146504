// Smoke tests of the deployed stack through the host ports Kind maps (k8s/simple/kind-config.yaml).
// tools/k8s/test-cluster.sh passes the api keys that `make start` generated into the cluster.
const API_URL = process.env['CLUSTER_API_URL'] ?? 'http://127.0.0.1:30080';
const WORKER_URL = process.env['CLUSTER_WORKER_URL'] ?? 'http://127.0.0.1:30081';
const WEB_URL = process.env['CLUSTER_WEB_URL'] ?? 'http://127.0.0.1:3000';

/** The secret of the first admin key in API_KEYS (`name:scope:secret`, split on the first two colons). */
function adminKey(): { name: string; secret: string } {
  const keys = process.env['CLUSTER_API_KEYS'];
  if (!keys)
    throw new Error('CLUSTER_API_KEYS is not set: run this suite with `make test-cluster`');
  for (const entry of keys.split(',')) {
    const [name, scope, ...rest] = entry.split(':');
    if (scope === 'admin' && rest.length) return { name, secret: rest.join(':') };
  }
  throw new Error('API_KEYS in the cluster has no admin key');
}

const get = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers, signal: AbortSignal.timeout(10_000) });

describe('the stack on the cluster', () => {
  it('has a live and ready api with every dependency up', async () => {
    expect((await get(`${API_URL}/health/live`)).status).toBe(200);
    const ready = await get(`${API_URL}/health/ready`);
    expect(ready.status).toBe(200);
    const body = JSON.stringify(await ready.json());
    expect(body).not.toMatch(/"down"/);
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const document = await get(`${API_URL}/docs-json`);
    expect(document.status).toBe(200);
    expect(await document.json()).toEqual(expect.objectContaining({ openapi: expect.any(String) }));
    expect((await get(`${API_URL}/docs`)).status).toBe(200);
  });

  it('knows the generated admin key and refuses a request without one', async () => {
    const { name, secret } = adminKey();
    const whoami = await get(`${API_URL}/api/v1/auth/whoami`, {
      authorization: `Bearer ${secret}`,
    });
    expect(whoami.status).toBe(200);
    expect(await whoami.json()).toEqual({ name, scope: 'admin' });
    expect((await get(`${API_URL}/api/v1/auth/whoami`)).status).toBe(401);
  });

  it('has a ready worker', async () => {
    expect((await get(`${WORKER_URL}/health/ready`)).status).toBe(200);
  });

  it('serves the web console', async () => {
    const page = await get(WEB_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });
});
