#!/usr/bin/env node
// Prints the manifests of an overlay (k8s/simple unless --dir says otherwise) ready to apply, as one
// JSON `List`: `kubectl kustomize <dir>`, decoded by kubectl itself (decode.mjs), with
// - the app images (profile/api|worker|web, tagged `unset` in the files) set to the built tag;
// - each Job named after that tag (api-migrate-<tag>), so that a new image runs its migrations in a
//   new Job, and annotated with a hash of its pod template (TEMPLATE_HASH), by which deploy.sh
//   tells a Job it may keep from one it must replace (a Job's template cannot change);
// - each pod template annotated with a hash of the ConfigMaps its pods read (CONFIG_HASH), so that
//   an edit of one rolls the pods: a file mounted with subPath, or variables, never change in a
//   running container.
// JSON, not YAML: kubectl reads YAML 1.1, where a plain `no`, `on` or `y` is a boolean, and JSON
// has one meaning for every value.
//   node tools/k8s/render.mjs --tag <tag> [--dir <overlay>] [--registry <host/path/>]
// --registry prefixes the app images for a real cluster that pulls from a registry.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { asList, kubectlDecode } from './decode.mjs';

const CONFIG_HASH = 'profile/config-hash';
const TEMPLATE_HASH = 'profile/template-hash';
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
  console.error(
    'usage: render.mjs --tag <image tag, not "latest"> [--dir <overlay>] [--registry <prefix/>]',
  );
  process.exit(2);
}

const kustomized = execFileSync(process.env.KUBECTL ?? 'kubectl', ['kustomize', values.dir], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const objects = kubectlDecode(kustomized);

for (const object of objects) {
  const template = object.spec?.template;
  if (!template?.spec?.containers) continue;
  for (const container of [...(template.spec.initContainers ?? []), ...template.spec.containers]) {
    const app = APP_IMAGE.exec(container.image)?.[1];
    if (app) container.image = `${values.registry}profile/${app}:${values.tag}`;
  }
  const configMaps = configMapsReadBy(template.spec, object.metadata.namespace);
  if (configMaps.length > 0) annotate(template, CONFIG_HASH, hashOf(configMaps));
  if (object.kind === 'Job') {
    object.metadata.name = jobName(object.metadata.name, values.tag);
    annotate(object, TEMPLATE_HASH, hashOf(template));
  }
}

process.stdout.write(`${JSON.stringify(asList(objects), null, 2)}\n`);

/** The rendered ConfigMaps a pod reads (volumes, envFrom, env), by name, with their content. */
function configMapsReadBy(pod, namespace) {
  const names = new Set();
  for (const volume of pod.volumes ?? []) {
    if (volume.configMap) names.add(volume.configMap.name);
    for (const source of volume.projected?.sources ?? [])
      if (source.configMap) names.add(source.configMap.name);
  }
  for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
    for (const source of container.envFrom ?? [])
      if (source.configMapRef) names.add(source.configMapRef.name);
    for (const variable of container.env ?? [])
      if (variable.valueFrom?.configMapKeyRef) names.add(variable.valueFrom.configMapKeyRef.name);
  }
  return [...names]
    .sort()
    .flatMap((name) =>
      objects
        .filter(
          (other) =>
            other.kind === 'ConfigMap' &&
            other.metadata.name === name &&
            other.metadata.namespace === namespace,
        )
        .map((configMap) => [name, configMap.data ?? {}, configMap.binaryData ?? {}]),
    );
}

function annotate(target, key, value) {
  target.metadata = target.metadata ?? {};
  target.metadata.annotations = { ...target.metadata.annotations, [key]: value };
}

/** A short, stable hash of a JSON value: keys sorted, so that their order does not count. */
function hashOf(value) {
  const canonical = JSON.stringify(value, (_key, inner) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** `<name>-<tag>` as a valid object name: lower case, at most 63 characters (it becomes a label). */
function jobName(name, tag) {
  const suffix = tag.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return `${name}-${suffix}`.slice(0, 63).replace(/-+$/, '');
}
