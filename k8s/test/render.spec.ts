import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type K8sObject,
  kubectlDecode,
  kustomize,
  MONITORING,
  PRODUCTION,
  renderOutput,
  ROOT,
  SIMPLE,
  workloads,
} from './stack';

// What deploy.sh applies is tools/k8s/render.mjs's output. kubectl, not a YAML 1.2 parser, is its
// reader: each overlay's output is decoded by kubectl's own decoder and compared, field by field,
// with what render.mjs meant (its JSON) and with what kustomize rendered (decoded by kubectl too),
// where only the image tags, the Jobs' names and the hash annotations may differ.
const TAG = '0123abcd4567-dirty-89ef0123';
const CONFIG_HASH = 'profile/config-hash';
const TEMPLATE_HASH = 'profile/template-hash';
const overlays = [
  ['k8s/simple', SIMPLE],
  ['k8s/monitoring', MONITORING],
  ['k8s/production', PRODUCTION],
] as const;

const render = (dir: string, extra: string[] = []) =>
  JSON.parse(renderOutput(TAG, ['--dir', dir, ...extra])) as { kind: string; items: K8sObject[] };

/** Every path where two JSON values differ, as `a.b[2].c`. */
function differences(meant: unknown, decoded: unknown, path = ''): string[] {
  if (typeof meant !== typeof decoded || Array.isArray(meant) !== Array.isArray(decoded))
    return [`${path}: ${JSON.stringify(meant)} ≠ ${JSON.stringify(decoded)}`];
  if (Array.isArray(meant)) {
    const other = decoded as unknown[];
    if (meant.length !== other.length) return [`${path}: ${meant.length} ≠ ${other.length} items`];
    return meant.flatMap((item, index) => differences(item, other[index], `${path}[${index}]`));
  }
  if (meant && typeof meant === 'object') {
    const other = (decoded ?? {}) as Record<string, unknown>;
    const keys = new Set([...Object.keys(meant), ...Object.keys(other)]);
    return [...keys].flatMap((key) =>
      differences((meant as Record<string, unknown>)[key], other[key], `${path}.${key}`),
    );
  }
  return meant === decoded
    ? []
    : [`${path}: ${JSON.stringify(meant)} ≠ ${JSON.stringify(decoded)}`];
}

/** A rendered object with render.mjs's own changes undone: what kustomize gave it. */
function withoutRenderChanges(object: K8sObject): K8sObject {
  const copy = structuredClone(object);
  const dropAnnotation = (metadata: K8sObject['metadata'] | undefined, key: string) => {
    if (!metadata?.annotations) return;
    delete metadata.annotations[key];
    if (Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
  };
  dropAnnotation(copy.metadata, TEMPLATE_HASH);
  const template = copy.spec?.template;
  if (template) {
    dropAnnotation(template.metadata, CONFIG_HASH);
    for (const container of [...(template.spec.initContainers ?? []), ...template.spec.containers])
      container.image = container.image.replace(/^(profile\/(?:api|worker|web)):.*$/, '$1:unset');
  }
  if (copy.kind === 'Job') copy.metadata.name = copy.metadata.name.replace(`-${TAG}`, '');
  return copy;
}

describe.each(overlays)('render.mjs --dir %s', (_name, dir) => {
  const output = render(dir);
  const meant = output.items;

  it('prints one JSON List, which kubectl decodes into exactly the objects meant', () => {
    expect(output.kind).toBe('List');
    const decoded = kubectlDecode(renderOutput(TAG, ['--dir', dir]));
    expect(decoded.length).toBe(meant.length);
    expect(
      meant.flatMap((object, index) => differences(object, decoded[index], byName(object))),
    ).toEqual([]);
  });

  it('changes nothing of what kustomize rendered but tags, Job names and hash annotations', () => {
    const kustomized = kubectlDecode(kustomize(dir));
    expect(meant.map(byName)).toEqual(kustomized.map(byName).map(renamedJob(kustomized)));
    expect(
      meant.flatMap((object, index) =>
        differences(kustomized[index], withoutRenderChanges(object), byName(object)),
      ),
    ).toEqual([]);
  });
});

describe('render.mjs', () => {
  it('keeps every string a string for kubectl: Redis gets `--appendonly no`, not false', () => {
    const redis = kubectlDecode(renderOutput(TAG)).find(
      (object) => object.kind === 'Deployment' && object.metadata.name === 'redis',
    )!;
    const args = redis.spec.template.spec.containers[0].args as unknown[];
    expect(args.slice(args.indexOf('--appendonly'), args.indexOf('--appendonly') + 2)).toEqual([
      '--appendonly',
      'no',
    ]);
    expect(args.every((arg) => typeof arg === 'string')).toBe(true);
  });

  it('names each Job after the tag and prefixes the app images with --registry', () => {
    const objects = render(SIMPLE, ['--registry', 'registry.example.com/team/']).items;
    expect(objects.filter((o) => o.kind === 'Job').map((job) => job.metadata.name)).toEqual([
      `api-migrate-${TAG}`,
    ]);
    const images = workloads(objects).flatMap(({ pod }) => pod.containers.map((c) => c.image));
    expect(images.filter((image) => image.includes('profile/')).sort()).toEqual([
      `registry.example.com/team/profile/api:${TAG}`,
      `registry.example.com/team/profile/api:${TAG}`,
      `registry.example.com/team/profile/web:${TAG}`,
      `registry.example.com/team/profile/worker:${TAG}`,
    ]);
  });

  it('refuses the tag latest', () => {
    expect(() => renderOutput('latest')).toThrow();
  });

  describe('when a ConfigMap changes', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'render-'));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    /** k8s/simple with one edit of a file. */
    function editedCopy(name: string, file: string, from: string, to: string): string {
      const copy = join(scratch, name);
      cpSync(SIMPLE, copy, { recursive: true });
      const text = readFileSync(join(copy, file), 'utf8');
      expect(text).toContain(from);
      writeFileSync(join(copy, file), text.replace(from, to));
      return copy;
    }
    const annotations = (objects: K8sObject[]) =>
      Object.fromEntries(
        workloads(objects).map(({ object }) => [
          byName(object),
          {
            config: object.spec.template.metadata.annotations?.[CONFIG_HASH],
            template: object.metadata.annotations?.[TEMPLATE_HASH],
          },
        ]),
      );
    const before = annotations(render(SIMPLE).items);

    /** The hashes after one edit of k8s/simple, and the workloads whose hashes it changed. */
    function afterEdit(name: string, file: string, from: string, to: string) {
      const after = annotations(render(editedCopy(name, file, from, to)).items);
      const changed = Object.keys(before).filter(
        (workload) => JSON.stringify(before[workload]) !== JSON.stringify(after[workload]),
      );
      return { after, changed };
    }

    it('rolls the pods that read it, and only those (RabbitMQ mounts its file with subPath)', () => {
      const { changed } = afterEdit(
        'rabbitmq',
        'rabbitmq.yaml',
        'disk_free_limit.absolute = 256MiB',
        'disk_free_limit.absolute = 300MiB',
      );
      expect(changed).toEqual(['StatefulSet/rabbitmq']);
      expect(before['StatefulSet/rabbitmq'].config).toMatch(/^[0-9a-f]{16}$/);
    });

    it('gives the migration Job another template hash when the api’s settings change', () => {
      const { after, changed } = afterEdit(
        'api-config',
        'server.yaml',
        "DB_POOL_SIZE: '10'",
        "DB_POOL_SIZE: '12'",
      );
      const job = `Job/api-migrate-${TAG}`;
      expect(changed.sort()).toEqual(['Deployment/api', job]);
      expect(after[job].template).toMatch(/^[0-9a-f]{16}$/);
      expect(after[job].template).not.toBe(before[job].template);
      // The same input renders the same hashes.
      expect(annotations(render(SIMPLE).items)).toEqual(before);
    });
  });
});

describe('tools/k8s/decode.mjs', () => {
  it('reads YAML as kubectl does, YAML 1.1 included: a plain `no` is false, `0644` is octal', () => {
    const yaml = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: hazards}',
      'data: {quoted: "no"}',
      'binaryData: {}',
      'immutable: no',
    ].join('\n');
    expect(kubectlDecode(yaml)[0]).toMatchObject({ data: { quoted: 'no' }, immutable: false });
    const volume = kubectlDecode(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  volumes:\n  - name: v\n    configMap: {name: c, defaultMode: 0644}\n',
    )[0];
    expect(volume.spec.volumes[0].configMap.defaultMode).toBe(0o644);
  });

  it('prints a List that kubectl reads back unchanged', () => {
    const list = execFileSync(process.execPath, [join(ROOT, 'tools/k8s/decode.mjs'), '-'], {
      input: kustomize(SIMPLE),
      encoding: 'utf8',
    });
    expect(kubectlDecode(list)).toEqual((JSON.parse(list) as { items: K8sObject[] }).items);
  });
});

function byName(object: K8sObject): string {
  return `${object.kind}/${object.metadata.name}`;
}

/** kustomize's names with each Job's renamed as render.mjs renames it. */
function renamedJob(objects: K8sObject[]) {
  return (name: string, index: number) => (objects[index].kind === 'Job' ? `${name}-${TAG}` : name);
}
