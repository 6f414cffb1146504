import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiUnderTest, root } from './support/api-under-test';

const redoclyBin = join(root, 'node_modules/@redocly/cli/bin/cli.js');

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: Array<{ pointer: string }>;
}

interface Finding {
  ruleId: string;
  severity: string;
  at: string[];
}

/**
 * The probes' and Prometheus' routes answer any request with 200 (or 503 while not ready): they
 * have no 4xx to document, which this rule asks of every operation. These warnings, and no other
 * problem, are accepted.
 */
const ACCEPTED: Finding[] = ['~1health~1live', '~1health~1ready', '~1metrics'].map((path) => ({
  ruleId: 'operation-4xx-response',
  severity: 'warn',
  at: [`#/paths/${path}/get/responses`],
}));

/** Runs `redocly lint` with its recommended rules on a document and returns every problem. */
async function redoclyLint(directory: string, document: string): Promise<Finding[]> {
  const file = join(directory, `openapi-${Date.now()}.json`);
  await writeFile(file, document);
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [redoclyBin, 'lint', file, '--extends=recommended', '--format=json', '--max-problems=1000'],
      {
        cwd: directory,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
      // redocly exits 1 when it reports errors; only a missing report is a failure here.
      (error, out, stderr) =>
        out ? resolve(out) : reject(error ?? new Error(`redocly printed nothing: ${stderr}`)),
    );
  });
  const { problems } = JSON.parse(stdout) as { problems: LintProblem[] };
  return problems
    .map(({ ruleId, severity, message, location }) => ({
      ruleId,
      severity,
      message,
      at: location.map(({ pointer }) => pointer),
    }))
    .sort((a, b) => a.at.join().localeCompare(b.at.join()));
}

describe('the OpenAPI document at /docs-json under redocly lint', () => {
  let api: ApiUnderTest;
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'openapi-lint-'));
    api = await ApiUnderTest.start('openapi_lint');
  });

  afterAll(async () => {
    await api?.stop();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('passes the recommended rules: no error, and no warning but the accepted ones', async () => {
    const answer = await api.call('GET', '/docs-json', { as: null });
    expect(answer.status).toBe(200);
    const problems = await redoclyLint(directory, answer.text);
    expect(problems).toEqual(
      ACCEPTED.map((finding) => ({ ...finding, message: expect.any(String) })),
    );
  });

  it('reports what the recommended rules refuse', async () => {
    const document = {
      openapi: '3.0.0',
      info: { title: 'Broken', version: '1', license: { name: 'MIT' } },
      servers: [],
      paths: {
        '/things': {
          get: {
            summary: 'Things',
            operationId: 'things',
            responses: {
              200: {
                description: 'A thing',
                content: { 'application/json': { schema: { nullable: true } } },
              },
              400: { description: 'Not a thing' },
            },
          },
        },
      },
    };
    const problems = await redoclyLint(directory, JSON.stringify(document));
    expect(
      problems.filter(({ severity }) => severity === 'error').map(({ ruleId }) => ruleId),
    ).toEqual(
      expect.arrayContaining(['no-empty-servers', 'nullable-type-sibling', 'security-defined']),
    );
  });
});
