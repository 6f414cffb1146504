#!/usr/bin/env node
// Prints what deploy.sh waits for among the objects render.mjs rendered that a label selector
// picks, one line each: `<namespace> <kind>.<group>/<name> <how>`, the object named as
// `kubectl apply -o name` names it. <how> is `rollout` (Deployment, StatefulSet, DaemonSet), `job
// <template hash>` (a Job: see render.mjs), or `condition=<type>` for an operator's resource, which
// is ready when its status has that condition. The selector is kubectl's equality kind (`key=value`,
// `key!=value`, comma-separated, all must hold), as deploy.sh passes it to `kubectl apply`.
//   node tools/k8s/workloads.mjs <rendered.json> <selector>
import { readFileSync } from 'node:fs';

const TEMPLATE_HASH = 'profile/template-hash';
const WAITS = {
  'apps/v1 Deployment': 'rollout',
  'apps/v1 StatefulSet': 'rollout',
  'apps/v1 DaemonSet': 'rollout',
  'batch/v1 Job': 'job',
  // CloudNativePG: Ready once the primary and every replica run and the Services point at them.
  'postgresql.cnpg.io/v1 Cluster': 'condition=Ready',
  // RabbitMQ Cluster Operator: every replica ready (the cluster answers once they are).
  'rabbitmq.com/v1beta1 RabbitmqCluster': 'condition=AllReplicasReady',
};

const [file, selector] = process.argv.slice(2);
if (!file || !selector) {
  console.error('usage: workloads.mjs <rendered.json> <selector>');
  process.exit(2);
}
const clauses = selector.split(',').map((clause) => {
  const [key, value] = clause.split(/!?=/);
  return { key, value, equal: !clause.includes('!=') };
});
const selected = (labels = {}) =>
  clauses.every(({ key, value, equal }) => (labels[key] === value) === equal);

for (const object of JSON.parse(readFileSync(file, 'utf8')).items) {
  const how = WAITS[`${object.apiVersion} ${object.kind}`];
  if (!how || !selected(object.metadata.labels)) continue;
  const group = object.apiVersion.includes('/') ? `.${object.apiVersion.split('/')[0]}` : '';
  const name = `${object.kind.toLowerCase()}${group}/${object.metadata.name}`;
  const detail = how === 'job' ? `job ${object.metadata.annotations?.[TEMPLATE_HASH] ?? '-'}` : how;
  console.log(`${object.metadata.namespace} ${name} ${detail}`);
}
