import SwaggerParser from '@apidevtools/swagger-parser';
import { ApiUnderTest, newProfile } from './support/api-under-test';

type Operation = {
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
  summary?: string;
};
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { properties?: Record<string, { enum?: string[] }> }>;
    securitySchemes: Record<string, Record<string, string>>;
  };
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The routes of the contract (DESIGN §3), with the problem statuses each documents. */
const CONTRACT: Array<[string, string, number, number[]]> = [
  ['post', '/api/v1/profiles', 201, [400, 409, 413, 415]],
  ['get', '/api/v1/profiles', 200, [400]],
  ['get', '/api/v1/profiles/{id}', 200, [400, 404]],
  ['patch', '/api/v1/profiles/{id}', 200, [400, 404, 409, 412, 413, 415]],
  ['delete', '/api/v1/profiles/{id}', 204, [400, 404, 412]],
  ['get', '/api/v1/cache', 200, []],
  ['delete', '/api/v1/cache', 204, []],
  ['get', '/api/v1/auth/whoami', 200, []],
  ['get', '/api/v1/system', 200, []],
];

describe('the OpenAPI document at /docs-json', () => {
  let api: ApiUnderTest;
  let document: Document;

  beforeAll(async () => {
    api = await ApiUnderTest.start('openapi');
    document = (await api.call('GET', '/docs-json', { as: null })).json<Document>();
  });

  afterAll(async () => {
    await api?.stop();
  });

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map(
        (method) => [method, path, item[method]] as const,
      ),
    );

  it('is a valid OpenAPI 3 document whose references all resolve', async () => {
    expect(document.openapi).toMatch(/^3\.\d+\.\d+$/);
    // validate() checks the document against the OpenAPI schema and dereferences every $ref.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('documents every route of the contract with its success and problem responses', () => {
    for (const [method, path, success, problems] of CONTRACT) {
      const operation = document.paths[path]?.[method];
      expect([method, path, operation !== undefined]).toEqual([method, path, true]);
      const statuses = Object.keys(operation!.responses).map(Number);
      expect([method, path, statuses]).toEqual([
        method,
        path,
        expect.arrayContaining([success, ...problems, 401, 403, 429, 500]),
      ]);
    }
    for (const path of ['/health/live', '/health/ready', '/metrics']) {
      expect(document.paths[path]?.['get']).toBeDefined();
    }
    expect(Object.keys(document.paths['/health/ready']['get'].responses)).toEqual(['200', '503']);
  });

  it('requires the bearer scheme exactly once on every /api/v1 route, and on no other', () => {
    expect(document.components.securitySchemes['bearer']).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    for (const [method, path, operation] of operations()) {
      const expected = path.startsWith('/api/v1/') ? [{ bearer: [] }] : undefined;
      expect([method, path, operation.security]).toEqual([method, path, expected]);
    }
  });

  it('gives every operation a summary and every problem response the problem+json schema', () => {
    for (const [method, path, operation] of operations()) {
      expect([method, path, typeof operation.summary]).toEqual([method, path, 'string']);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const schema = response.content?.['application/problem+json']?.schema?.$ref;
        expect([method, path, status, schema]).toEqual([
          method,
          path,
          status,
          status === '400'
            ? '#/components/schemas/ValidationProblem'
            : status === '503' && path.startsWith('/health/')
              ? undefined
              : '#/components/schemas/Problem',
        ]);
      }
    }
  });

  it('lists every problem type the api answers with', async () => {
    const documented = document.components.schemas['Problem'].properties?.['type']?.enum ?? [];
    const created = await api.call('POST', '/api/v1/profiles', { body: newProfile() });
    const id = created.json<{ id: string }>().id;
    const answers = await Promise.all([
      api.call('POST', '/api/v1/profiles', { body: { username: 'X' } }),
      api.call('GET', '/api/v1/profiles/1', { as: null }),
      api.call('DELETE', '/api/v1/cache', { as: 'read' }),
      api.call('GET', '/api/v1/profiles/6f1c2d1e-0000-4000-8000-000000000000'),
      api.call('POST', '/api/v1/profiles', {
        body: newProfile({ username: created.json()['username'] }),
      }),
      api.call('PATCH', `/api/v1/profiles/${id}`, {
        body: { bio: 'x' },
        headers: { 'if-match': '"stale"' },
      }),
      api.call('POST', '/api/v1/profiles', { body: newProfile({ bio: 'x'.repeat(70_000) }) }),
      api.call('POST', '/api/v1/profiles', {
        body: 'a',
        headers: { 'content-type': 'text/plain' },
      }),
    ]);
    const types = answers.map((answer) => answer.json<{ type: string }>().type);
    expect(new Set(types).size).toBe(answers.length);
    for (const type of types) expect(documented).toContain(type);
  });

  it('describes the profile schemas from the validation rules', () => {
    const { schemas } = document.components;
    for (const name of [
      'Profile',
      'ProfileCreate',
      'ProfilePatch',
      'ProfilePage',
      'CacheSnapshot',
    ]) {
      expect(schemas[name]).toBeDefined();
    }
    expect(schemas['ProfileCreate']).toMatchObject({
      required: ['username', 'email', 'displayName'],
      additionalProperties: false,
      properties: { username: { pattern: '^[a-z0-9][a-z0-9._-]{1,30}[a-z0-9]$' } },
    });
  });
});
