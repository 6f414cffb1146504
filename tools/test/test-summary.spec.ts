import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Reports = Record<string, object>;

/**
 * Runs tools/test-summary.mjs from a scratch copy whose reports/ holds `reports` (or what
 * `reports` makes of the scratch root, for reports that name files in it).
 */
function summarise(reports: Reports | ((root: string) => Reports), expected: string[] = []) {
  const scratch = mkdtempSync(join(tmpdir(), 'summary-'));
  try {
    if (typeof reports === 'function') reports = reports(scratch);
    mkdirSync(join(scratch, 'tools'));
    mkdirSync(join(scratch, 'reports/jest'), { recursive: true });
    cpSync(join(__dirname, '../test-summary.mjs'), join(scratch, 'tools/test-summary.mjs'));
    for (const [name, report] of Object.entries(reports)) {
      writeFileSync(join(scratch, 'reports/jest', `${name}.json`), JSON.stringify(report));
    }
    const run = spawnSync(
      process.execPath,
      [join(scratch, 'tools/test-summary.mjs'), ...expected],
      {
        encoding: 'utf8',
      },
    );
    return { status: run.status, stdout: run.stdout.trim(), stderr: run.stderr.trim() };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

describe('test summary', () => {
  it('adds up every report', () => {
    expect(
      summarise({
        api: { numPassedTests: 5, numFailedTests: 0, numRuntimeErrorTestSuites: 0 },
        web: { numPassedTests: 2, numFailedTests: 0, numRuntimeErrorTestSuites: 0 },
      }),
    ).toEqual({ status: 0, stdout: '7 passed, 0 failed', stderr: '' });
  });

  it('fails on a failed test', () => {
    const result = summarise({ api: { numPassedTests: 5, numFailedTests: 2 } });
    expect(result).toMatchObject({ status: 1, stdout: '5 passed, 2 failed' });
  });

  it('names every failed test and how it failed, so that the tail of a log says both', () => {
    const result = summarise((root) => ({
      api: {
        numPassedTests: 1,
        numFailedTests: 1,
        testResults: [
          {
            name: join(root, 'apps/api/src/tasks.integration-spec.ts'),
            assertionResults: [
              { status: 'passed', fullName: 'tasks runs a task' },
              {
                status: 'failed',
                fullName: 'tasks cancels a task',
                failureMessages: [
                  '\u001b[31mError: expect(received).toBe(expected)\u001b[39m\n\nExpected: 200\n' +
                    'Received: 409\n    at a\n    at b\n    at c\n    at d',
                  'a second message',
                ],
              },
            ],
          },
        ],
      },
    }));
    expect(result.stderr).toBe(
      [
        'failed: apps/api/src/tasks.integration-spec.ts › tasks cancels a task',
        '    Error: expect(received).toBe(expected)',
        '    Expected: 200',
        '    Received: 409',
        '    at a',
        '    at b',
        '    at c',
      ].join('\n'),
    );
  });

  it('counts a suite that could not run and a runner that left no report as failures', () => {
    const result = summarise(
      { api: { numPassedTests: 1, numFailedTests: 0, numRuntimeErrorTestSuites: 1 } },
      ['api', 'worker'],
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('1 passed, 2 failed');
    expect(result.stderr).toContain('worker: no report');
  });

  it('counts each failed check that writes no report (formatting, lint) as a failure', () => {
    const result = summarise({ api: { numPassedTests: 3, numFailedTests: 0 } }, [
      '--failed-check',
      'lint or typecheck',
      'api',
    ]);
    expect(result).toEqual({
      status: 1,
      stdout: '3 passed, 1 failed',
      stderr: 'failed: lint or typecheck (its output is above)',
    });
  });

  it('is the last line make test prints', () => {
    const makefile = execFileSync('make', ['-n', 'test'], {
      cwd: join(__dirname, '../..'),
      encoding: 'utf8',
    });
    expect(makefile).toContain('tools/test.sh');
  });
});
