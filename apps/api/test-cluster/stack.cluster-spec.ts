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

/** A call to the api with the admin key, answering the status, the headers and the parsed body. */
async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${API_URL}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${adminKey().secret}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : undefined) as Record<string, unknown>,
  };
}

async function eventually(assertion: () => Promise<void>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

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

  it('reports api, worker, PostgreSQL, Redis and RabbitMQ up', async () => {
    const system = await call('GET', '/api/v1/system');
    expect(system.status).toBe(200);
    expect(Object.values(system.body).map((part) => (part as { status: string }).status)).toEqual([
      'up',
      'up',
      'up',
      'up',
      'up',
    ]);
  });

  it('creates, reads through the cache, changes and deletes a profile', async () => {
    const unique = `cluster-${Date.now().toString(36)}`;
    const created = await call('POST', '/api/v1/profiles', {
      username: unique,
      email: `${unique}@example.com`,
      displayName: 'Cluster Smoke Test',
    });
    expect(created.status).toBe(201);
    const path = `/api/v1/profiles/${String(created.body['id'])}`;
    try {
      expect((await call('GET', path)).headers.get('x-cache')).toBe('MISS');
      expect((await call('GET', path)).headers.get('x-cache')).toBe('HIT');
      const changed = await call('PATCH', path, { bio: 'changed on the cluster' });
      expect(changed.status).toBe(200);
      const read = await call('GET', path);
      expect(read.headers.get('x-cache')).toBe('HIT');
      expect(read.body).toMatchObject({ bio: 'changed on the cluster', version: 2 });
    } finally {
      expect((await call('DELETE', path)).status).toBe(204);
    }
    expect((await call('GET', path)).status).toBe(404);
  });

  it('runs a delayed task through RabbitMQ and the worker', async () => {
    const created = await call('POST', '/api/v1/tasks', {
      type: 'diagnostic.sleep',
      payload: { ms: 10 },
      delayMs: 1_000,
    });
    expect(created.status).toBe(202);
    await eventually(async () => {
      const task = await call('GET', `/api/v1/tasks/${String(created.body['id'])}`);
      expect(task.body).toMatchObject({
        status: 'succeeded',
        attempts: 1,
        result: { sleptMs: 10 },
      });
    });
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
