#!/usr/bin/env node
// Prints the workloads among rendered manifests that a label selector picks, one line each:
// `<namespace> <kind>.<group>/<name>` (as `kubectl apply -o name` names them), so that deploy.sh can
// wait for each in its own namespace. The selector is kubectl's equality kind (`key=value`,
// `key!=value`, comma-separated, all must hold), as deploy.sh passes it to `kubectl apply`.
//   node tools/k8s/workloads.mjs <manifests.yaml> <selector>
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const WORKLOADS = { Deployment: 'apps', StatefulSet: 'apps', DaemonSet: 'apps', Job: 'batch' };

const [file, selector] = process.argv.slice(2);
if (!file || !selector) {
  console.error('usage: workloads.mjs <manifests.yaml> <selector>');
  process.exit(2);
}
const clauses = selector.split(',').map((clause) => {
  const [key, value] = clause.split(/!?=/);
  return { key, value, equal: !clause.includes('!=') };
});
const selected = (labels = {}) =>
  clauses.every(({ key, value, equal }) => (labels[key] === value) === equal);

for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
  const object = document.toJS();
  const group = WORKLOADS[object?.kind];
  if (group && selected(object.metadata.labels)) {
    console.log(
      `${object.metadata.namespace} ${object.kind.toLowerCase()}.${group}/${object.metadata.name}`,
    );
  }
}
