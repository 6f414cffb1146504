#!/usr/bin/env node
// Adds up the JSON reports every test runner wrote under reports/ and prints one line
// `N passed, N failed`, after the name of every failed test (so that the tail of a log says what
// failed). Exits 1 when a test failed or a runner left no report.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const rootDir = join(import.meta.dirname, '..');
const reportsDir = join(rootDir, 'reports');
const expected = process.argv.slice(2);

let passed = 0;
let failed = 0;
const problems = [];

const files = existsSync(reportsDir)
  ? readdirSync(reportsDir, { recursive: true }).filter((file) => String(file).endsWith('.json'))
  : [];

for (const file of files) {
  const report = JSON.parse(readFileSync(join(reportsDir, String(file)), 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  for (const suite of report.testResults ?? []) {
    for (const test of suite.assertionResults ?? []) {
      if (test.status === 'failed')
        problems.push(`failed: ${relative(rootDir, suite.name)} › ${test.fullName}`);
    }
  }
  if (report.numRuntimeErrorTestSuites > 0) {
    problems.push(`${file}: ${report.numRuntimeErrorTestSuites} suite(s) failed to run`);
    failed += report.numRuntimeErrorTestSuites;
  }
}

for (const name of expected) {
  if (!files.some((file) => String(file).endsWith(`${name}.json`))) {
    problems.push(`${name}: no report (the runner did not finish)`);
    failed += 1;
  }
}

for (const problem of problems) console.error(problem);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
