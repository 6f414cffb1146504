#!/usr/bin/env node
// A stand-in for kubectl in the tests of tools/k8s: what needs no cluster (kustomize, client-side
// dry runs, local labels) goes to the real kubectl; what would talk to a cluster is recorded as one
// JSON line in $FAKE_KUBECTL_LOG and answered as a healthy cluster would.
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { parseAllDocuments } = createRequire(import.meta.url)('yaml');
const args = process.argv.slice(2);
const has = (flag) => args.includes(flag);
const after = (flag) => args[args.indexOf(flag) + 1];
const record = (entry) =>
  appendFileSync(process.env.FAKE_KUBECTL_LOG, `${JSON.stringify(entry)}\n`);
const objectsOf = (text) =>
  parseAllDocuments(text)
    .map((document) => document.toJS())
    .filter(Boolean);

if (has('kustomize') || has('--dry-run=client') || has('--local')) {
  const real = spawnSync(process.env.REAL_KUBECTL ?? 'kubectl', args, { stdio: 'inherit' });
  process.exit(real.status ?? 1);
}

if (has('apply') && has('--selector')) {
  // kubectl's equality selectors: `key=value` and `key!=value`, all of them must hold.
  const clauses = after('--selector')
    .split(',')
    .map((clause) => {
      const [key, value] = clause.split(/!?=/);
      return { key, value, equal: !clause.includes('!=') };
    });
  const selected = objectsOf(readFileSync(after('-f'), 'utf8')).filter((object) =>
    clauses.every(({ key, value, equal }) => (object.metadata.labels?.[key] === value) === equal),
  );
  const names = selected.map(({ apiVersion, kind, metadata }) => {
    const group = apiVersion.includes('/') ? `.${apiVersion.split('/')[0]}` : '';
    return `${kind.toLowerCase()}${group}/${metadata.name}`;
  });
  record({ command: 'apply', selector: after('--selector'), names });
  console.log(names.join('\n'));
} else if (has('apply') && after('-f') === '-') {
  const objects = objectsOf(readFileSync(0, 'utf8'));
  for (const object of objects) record({ command: 'apply-stdin', object });
} else if (has('rollout')) {
  record({ command: 'rollout', target: after('status'), namespace: after('--namespace') });
} else if (has('get') && args.some((arg) => arg.startsWith('job.batch/'))) {
  const target = args.find((arg) => arg.startsWith('job.batch/'));
  record({ command: 'get-job', target, namespace: after('--namespace') });
  process.stdout.write('Complete ');
} else {
  record({ command: 'other', args });
}
