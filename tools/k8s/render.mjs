#!/usr/bin/env node
// Prints the manifests of k8s/simple ready to apply: `kubectl kustomize k8s/simple` with the app
// images (profile/api|worker|web, tagged `unset` in the files) set to the tag that was built, and
// each Job named after that tag (api-migrate-<tag>): a new image runs its migrations in a new Job,
// while re-applying the same tag leaves the finished Job alone. Kustomize alone cannot put a tag
// into a name, hence this step.
//   node tools/k8s/render.mjs --tag <tag> [--registry <host/path/>]
// --registry prefixes the app images for a real cluster that pulls from a registry.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAllDocuments, stringify } from 'yaml';

const APP_IMAGE = /^profile\/(api|worker|web):unset$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

const { values } = parseArgs({
  options: {
    tag: { type: 'string' },
    registry: { type: 'string', default: '' },
    dir: { type: 'string', default: join(import.meta.dirname, '../../k8s/simple') },
  },
});
if (!values.tag || !TAG.test(values.tag) || values.tag === 'latest') {
  console.error('usage: render.mjs --tag <image tag, not "latest"> [--registry <prefix/>]');
  process.exit(2);
}

const rendered = execFileSync('kubectl', ['kustomize', values.dir], { encoding: 'utf8' });
const objects = parseAllDocuments(rendered).map((document) => document.toJS());

for (const object of objects) {
  const pod = object.spec?.template?.spec;
  for (const container of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])]) {
    const app = APP_IMAGE.exec(container.image)?.[1];
    if (app) container.image = `${values.registry}profile/${app}:${values.tag}`;
  }
  if (object.kind === 'Job') object.metadata.name = jobName(object.metadata.name, values.tag);
}

process.stdout.write(objects.map((object) => stringify(object)).join('---\n'));

/** `<name>-<tag>` as a valid object name: lower case, at most 63 characters (it becomes a label). */
function jobName(name, tag) {
  const suffix = tag.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return `${name}-${suffix}`.slice(0, 63).replace(/-+$/, '');
}
