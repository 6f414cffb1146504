#!/usr/bin/env node
// Adds up the JSON reports every test runner wrote under reports/ and prints one line
// `N passed, N failed`, after the name of every failed test and the start of its failure message
// (so that the tail of a log says what failed, and how). Exits 1 when a test failed or a runner
// left no report.
//
// Usage: test-summary.mjs [--failed-check NAME]... [PROJECT]...
// Each PROJECT must have left a report; each failed check (formatting, lint, typecheck: steps that
// write no report) counts as one failure.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const rootDir = join(import.meta.dirname, '..');
const reportsDir = join(rootDir, 'reports');
const expected = [];
const failedChecks = [];
for (let args = process.argv.slice(2); args.length > 0;) {
  const arg = args.shift();
  if (arg === '--failed-check') failedChecks.push(args.shift());
  else expected.push(arg);
}
const reasonLines = 6;

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
        problems.push(
          `failed: ${relative(rootDir, suite.name)} › ${test.fullName}` +
            reason(test.failureMessages),
        );
    }
  }
  if (report.numRuntimeErrorTestSuites > 0) {
    problems.push(`${file}: ${report.numRuntimeErrorTestSuites} suite(s) failed to run`);
    failed += report.numRuntimeErrorTestSuites;
  }
}

/** The first lines of a test's first failure message, indented under its name. */
function reason(failureMessages = []) {
  const lines = stripVTControlCharacters(failureMessages[0] ?? '')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(0, reasonLines);
  return lines.map((line) => `\n    ${line.trim()}`).join('');
}

for (const name of expected) {
  if (!files.some((file) => String(file).endsWith(`${name}.json`))) {
    problems.push(`${name}: no report (the runner did not finish)`);
    failed += 1;
  }
}

for (const check of failedChecks) {
  problems.push(`failed: ${check} (its output is above)`);
  failed += 1;
}

for (const problem of problems) console.error(problem);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
