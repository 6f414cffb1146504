#!/usr/bin/env node
// After `make faults`: one line per scenario that ran (from Jest's report), with its counts from
// reports/faults/<scenario>/tally.json, so that the end of the output sums the run up.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const rootDir = join(import.meta.dirname, '../..');
const report = join(rootDir, 'reports/jest/faults.json');
if (!existsSync(report)) process.exit(0);

for (const suite of JSON.parse(readFileSync(report, 'utf8')).testResults ?? []) {
  const scenario = basename(suite.name, '.faults-spec.ts');
  const tally = join(rootDir, 'reports/faults', scenario, 'tally.json');
  const counts = existsSync(tally)
    ? Object.entries(JSON.parse(readFileSync(tally, 'utf8')).counts)
        .map(([name, count]) => `${name} ${count}`)
        .join(', ')
    : 'no tally (the scenario did not get to count)';
  console.log(`${suite.status === 'passed' ? 'PASS' : 'FAIL'} ${scenario}: ${counts}`);
}
