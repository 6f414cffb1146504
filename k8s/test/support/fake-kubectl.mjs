#!/usr/bin/env node
// A stand-in for kubectl in the tests of tools/k8s: what needs no cluster (kustomize, client-side
// dry runs, local labels) goes to the real kubectl; what would talk to a cluster is recorded as one
// JSON line in $FAKE_KUBECTL_LOG and answered from a fake cluster kept in $FAKE_KUBECTL_STATE (a
// JSON file of the objects applied so far), as an API server would:
// - applying a Job whose pod template differs from the live one fails (the template is immutable);
// - a new Job ends with the condition $FAKE_JOB_OUTCOME (Complete unless set, or Failed);
// - `get` answers from the stored object, its -o output made by the real kubectl;
// - `delete --selector` removes what it selects, as `make stop` expects.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const has = (flag) => args.includes(flag);
const after = (flag) => args[args.indexOf(flag) + 1];
const valueOf = (prefix) => args.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
const REAL_KUBECTL = process.env.REAL_KUBECTL ?? 'kubectl';
const record = (entry) =>
  appendFileSync(process.env.FAKE_KUBECTL_LOG, `${JSON.stringify(entry)}\n`);

const statePath = process.env.FAKE_KUBECTL_STATE;
const state = statePath && existsSync(statePath) ? JSON.parse(readFileSync(statePath, 'utf8')) : {};
const save = () => statePath && writeFileSync(statePath, JSON.stringify(state));
const namespace = after('--namespace') ?? 'default';
/** `kind.group/name`, as `kubectl apply -o name` prints it. */
const resourceName = ({ apiVersion, kind, metadata }) => {
  const group = apiVersion.includes('/') ? `.${apiVersion.split('/')[0]}` : '';
  return `${kind.toLowerCase()}${group}/${metadata.name}`;
};
const keyOf = (object) => `${object.metadata.namespace ?? ''} ${resourceName(object)}`;
/** kubectl's equality selectors: `key=value` and `key!=value`, all of them must hold. */
const selector = (text) => {
  const clauses = text.split(',').map((clause) => {
    const [key, value] = clause.split(/!?=/);
    return { key, value, equal: !clause.includes('!=') };
  });
  return (labels = {}) =>
    clauses.every(({ key, value, equal }) => (labels[key] === value) === equal);
};
const KINDS = {
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet',
  jobs: 'Job',
  services: 'Service',
  configmaps: 'ConfigMap',
  hpa: 'HorizontalPodAutoscaler',
  pdb: 'PodDisruptionBudget',
  networkpolicies: 'NetworkPolicy',
};

// FAKE_KUBECTL_FAIL: calls whose arguments contain it fail, as with a cluster out of reach.
if (process.env.FAKE_KUBECTL_FAIL && args.join(' ').includes(process.env.FAKE_KUBECTL_FAIL)) {
  record({ command: 'failed', args });
  console.error('The connection to the server was refused');
  process.exit(1);
}

if (has('kustomize') || has('--dry-run=client') || has('--local')) {
  process.exit(spawnSync(REAL_KUBECTL, args, { stdio: 'inherit' }).status ?? 1);
}

if (has('apply') && has('--selector')) {
  const selected = JSON.parse(readFileSync(after('-f'), 'utf8')).items.filter((object) =>
    selector(after('--selector'))(object.metadata.labels),
  );
  for (const object of selected) {
    const live = state[keyOf(object)];
    if (
      object.kind === 'Job' &&
      live &&
      JSON.stringify(live.spec.template) !== JSON.stringify(object.spec.template)
    ) {
      console.error(
        `The Job "${object.metadata.name}" is invalid: spec.template: Invalid value: field is immutable`,
      );
      record({ command: 'apply-rejected', name: resourceName(object) });
      process.exit(1);
    }
    const status =
      object.kind === 'Job'
        ? (live?.status ?? {
            conditions: [{ type: process.env.FAKE_JOB_OUTCOME ?? 'Complete', status: 'True' }],
          })
        : undefined;
    state[keyOf(object)] = { ...object, ...(status ? { status } : {}) };
  }
  save();
  const names = selected.map(resourceName);
  record({ command: 'apply', selector: after('--selector'), names });
  console.log(names.join('\n'));
} else if (has('apply') && after('-f') === '-') {
  const objects = JSON.parse(readFileSync(0, 'utf8'));
  for (const object of objects.items ?? [objects]) record({ command: 'apply-stdin', object });
} else if (has('rollout')) {
  record({ command: 'rollout', target: after('status'), namespace });
} else if (has('wait')) {
  record({ command: 'wait', target: after('wait'), condition: valueOf('--for='), namespace });
} else if (has('delete') && has('--selector')) {
  // `delete <kinds> --selector …` as make stop runs it: the kinds are plural resource names.
  const kinds = args[args.indexOf('delete') + 1].split(',').map((plural) => KINDS[plural]);
  const selected = selector(after('--selector'));
  for (const [key, object] of Object.entries(state)) {
    if (
      kinds.includes(object.kind) &&
      (object.metadata.namespace ?? namespace) === namespace &&
      selected(object.metadata.labels)
    )
      delete state[key];
  }
  save();
  record({ command: 'delete-selected', kinds, selector: after('--selector'), namespace });
} else if (has('get') && has('namespace')) {
  const name = args[args.indexOf('namespace') + 1];
  record({ command: 'get-namespace', name });
  process.exit(state[` namespace/${name}`] ? 0 : 1);
} else if (has('delete') && args.some((arg) => arg.startsWith('job.batch/'))) {
  const target = args.find((arg) => arg.startsWith('job.batch/'));
  delete state[`${namespace} ${target}`];
  save();
  record({ command: 'delete', target, namespace, cascade: valueOf('--cascade=') });
} else if (has('get') && args.some((arg) => arg.startsWith('job.batch/'))) {
  const target = args.find((arg) => arg.startsWith('job.batch/'));
  // deploy.sh looks a Job up (--ignore-not-found) before applying, and polls it while it waits.
  record({ command: has('--ignore-not-found') ? 'look-up-job' : 'get-job', target, namespace });
  const live = state[`${namespace} ${target}`];
  if (!live) process.exit(has('--ignore-not-found') ? 0 : 1);
  // The real kubectl prints the stored object with the same output option.
  const output = spawnSync(
    REAL_KUBECTL,
    ['label', '--local', '-f', '-', 'fake.profile/none-', '-o', after('-o')],
    { input: JSON.stringify(live), encoding: 'utf8' },
  );
  process.stdout.write(output.stdout);
  process.exit(output.status ?? 1);
} else {
  record({ command: 'other', args });
}
