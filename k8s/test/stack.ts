// What the k8s checks read: the rendered manifests (the stack and the monitoring overlay), the
// Secrets spec, the Kind config, and the apps' environment schemas (printed by print-env-schema.ts
// in a child process).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

export const ROOT = join(__dirname, '../..');
export const SIMPLE = join(ROOT, 'k8s/simple');
export const MONITORING = join(ROOT, 'k8s/monitoring');
export const PRODUCTION = join(ROOT, 'k8s/production');
/** The stack's namespace: a Secret of the spec without a namespace of its own lives there. */
export const STACK_NAMESPACE = 'profile';
/** kubectl, or another one for the checks (e.g. an older client): KUBECTL=/path/to/kubectl. */
const KUBECTL = process.env['KUBECTL'] ?? 'kubectl';

export type AppName = 'api' | 'worker' | 'web';
export const APPS: Record<AppName, { module: string; schema: string }> = {
  api: {
    module: 'apps/api/src/platform/config/api-environment.ts',
    schema: 'apiEnvironmentSchema',
  },
  worker: {
    module: 'apps/worker/src/platform/config/worker-environment.ts',
    schema: 'workerEnvironmentSchema',
  },
  web: { module: 'apps/web/src/lib/web-environment.ts', schema: 'webEnvironmentSchema' },
};

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  // The checks walk arbitrary manifests; the Kubernetes models validate their shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  data?: Record<string, string>;
  // Roles and their bindings keep these at the top level.
  rules?: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
  subjects?: Array<{ kind: string; name: string; namespace?: string }>;
  roleRef?: { apiGroup: string; kind: string; name: string };
}

export interface Container {
  name: string;
  image: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{
    name: string;
    value?: string;
    valueFrom?: {
      secretKeyRef?: { name: string; key: string };
      configMapKeyRef?: { name: string; key: string };
    };
  }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  volumeMounts?: Array<{ name: string; mountPath: string; subPath?: string; readOnly?: boolean }>;
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    privileged?: boolean;
    runAsUser?: number;
    capabilities?: { drop?: string[]; add?: string[] };
  };
}

export interface Probe {
  httpGet?: { path: string; port: string | number };
  exec?: { command: string[] };
  tcpSocket?: { port: string | number };
  timeoutSeconds?: number;
}

/** Manifests (YAML or JSON) as kubectl itself decodes them (tools/k8s/decode.mjs). */
export function kubectlDecode(manifests: string): K8sObject[] {
  const list = execFileSync(process.execPath, [join(ROOT, 'tools/k8s/decode.mjs'), '-'], {
    input: manifests,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, KUBECTL },
  });
  return (JSON.parse(list) as { items: K8sObject[] }).items;
}

/** `kubectl kustomize <dir>`, as kubectl prints it. */
export const kustomize = (dir: string): string =>
  execFileSync(KUBECTL, ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** `kubectl kustomize k8s/simple`, as kubectl decodes it. */
export const renderBase = (): K8sObject[] => kubectlDecode(kustomize(SIMPLE));

/** `kubectl kustomize k8s/monitoring`, as kubectl decodes it. */
export const renderMonitoring = (): K8sObject[] => kubectlDecode(kustomize(MONITORING));

/** `kubectl kustomize k8s/production`, as kubectl decodes it. */
export const renderProduction = (): K8sObject[] => kubectlDecode(kustomize(PRODUCTION));

/** What deploy.sh applies: tools/k8s/render.mjs's output (a JSON List) for a tag. */
export function renderOutput(tag: string, extra: string[] = []): string {
  return execFileSync(
    process.execPath,
    [join(ROOT, 'tools/k8s/render.mjs'), '--tag', tag, ...extra],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, KUBECTL, PATH: pathWithKubectl() },
    },
  );
}

/** render.mjs's objects, as it meant them. */
export const renderTagged = (tag: string, extra: string[] = []): K8sObject[] =>
  (JSON.parse(renderOutput(tag, extra)) as { items: K8sObject[] }).items;

function pathWithKubectl(): string {
  const path = process.env['PATH'] ?? '';
  return KUBECTL.includes('/') ? `${join(KUBECTL, '..')}:${path}` : path;
}

export interface SecretsSpec {
  values: Record<string, string | { randomHex: number }>;
  namespaces?: Record<string, string>;
  secrets: Record<string, Record<string, string>>;
}
export const secretsSpec = (): SecretsSpec =>
  JSON.parse(readFileSync(join(SIMPLE, 'secrets.spec.json'), 'utf8')) as SecretsSpec;
/** The namespace a Secret of the spec is generated into. */
export const secretNamespace = (spec: SecretsSpec, name: string): string =>
  spec.namespaces?.[name] ?? STACK_NAMESPACE;

export interface KindConfig {
  nodes: Array<{ extraPortMappings?: Array<{ containerPort: number; hostPort: number }> }>;
}
export const kindConfig = (): KindConfig =>
  parse(readFileSync(join(SIMPLE, 'kind-config.yaml'), 'utf8')) as KindConfig;

export type EnvSchema = Record<string, { hasDefault: boolean; default: unknown }>;

/** The variables of an app's schema and their defaults, from the app's own module. */
export function envSchema(app: AppName): EnvSchema {
  return readSchema(app).variables;
}

/** What the app's schema reports of an environment: one line per bad variable, none when valid. */
export function envProblems(app: AppName, environment: Record<string, string>): string[] {
  const scratch = mkdtempSync(join(tmpdir(), 'env-'));
  try {
    const file = join(scratch, 'env.json');
    writeFileSync(file, JSON.stringify(environment));
    return readSchema(app, file).problems;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function readSchema(app: AppName, envFile?: string): { variables: EnvSchema; problems: string[] } {
  const { module, schema } = APPS[app];
  const script = join(__dirname, 'support/print-env-schema.ts');
  const output = execFileSync(
    process.execPath,
    ['-r', '@swc-node/register', script, module, schema, ...(envFile ? [envFile] : [])],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json' },
    },
  );
  return JSON.parse(output) as { variables: EnvSchema; problems: string[] };
}

/** Secret values as tools/k8s/secrets.mjs generates them: secret name → key → value. */
export function generatedSecrets(): Record<string, Record<string, string>> {
  const scratch = mkdtempSync(join(tmpdir(), 'secrets-'));
  try {
    execFileSync(process.execPath, [join(ROOT, 'tools/k8s/secrets.mjs'), scratch], {
      stdio: 'ignore',
    });
    return Object.fromEntries(
      Object.keys(secretsSpec().secrets).map((name) => [
        name,
        Object.fromEntries(
          readFileSync(join(scratch, `${name}.env`), 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
        ),
      ]),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export interface Volume {
  name: string;
  configMap?: { name: string; items?: Array<{ key: string; path: string }> };
  secret?: { secretName: string };
  projected?: {
    sources: Array<{ configMap?: { name: string; items?: Array<{ key: string; path: string }> } }>;
  };
  hostPath?: { path: string; type?: string };
  emptyDir?: Record<string, unknown>;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: Record<string, unknown> & {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    seccompProfile?: { type: string };
  };
  serviceAccountName?: string;
  terminationGracePeriodSeconds?: number;
  automountServiceAccountToken?: boolean;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  volumes?: Volume[];
}

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'];

/** Pod-creating objects with their pod spec. */
export function workloads(objects: K8sObject[]) {
  return objects
    .filter((object) => WORKLOAD_KINDS.includes(object.kind))
    .map((object) => ({
      object,
      pod: object.spec.template.spec as PodSpec,
      labels: object.spec.template.metadata.labels as Record<string, string>,
    }));
}

/** Every container of a pod, init containers first. */
export const containersOf = (pod: PodSpec): Container[] => [
  ...(pod.initContainers ?? []),
  ...pod.containers,
];

/** The app a container runs, from its image (profile/<app>:<tag>), or undefined for data services. */
export function appOf(container: Container): AppName | undefined {
  return /^(?:.*\/)?profile\/(api|worker|web):/.exec(container.image)?.[1] as AppName | undefined;
}

/**
 * Every variable a container gets: env values, and the keys of the ConfigMaps and Secrets it reads
 * (Secret values from `secrets` when given, else a placeholder).
 */
export function variablesOf(
  container: Container,
  objects: K8sObject[],
  spec: SecretsSpec,
  secrets: Record<string, Record<string, string>> = {},
): Map<string, string> {
  const variables = new Map<string, string>();
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const configMap = objects.find(
        (object) =>
          object.kind === 'ConfigMap' && object.metadata.name === source.configMapRef!.name,
      );
      for (const [key, value] of Object.entries(configMap?.data ?? {})) variables.set(key, value);
    }
    if (source.secretRef) {
      const name = source.secretRef.name;
      for (const key of Object.keys(spec.secrets[name] ?? {})) {
        variables.set(key, secrets[name]?.[key] ?? `<secret ${name}>`);
      }
    }
  }
  for (const variable of container.env ?? [])
    variables.set(variable.name, variable.value ?? '<ref>');
  return variables;
}

export interface Reference {
  kind: 'Secret' | 'ConfigMap';
  name: string;
  /** The key read, when one is named (env valueFrom, volume items). */
  key?: string;
  namespace: string;
  from: string;
}

/** Every Secret and ConfigMap a pod reads: env, envFrom and volumes (projected ones included). */
export function referencesOf(objects: K8sObject[]): Reference[] {
  return workloads(objects).flatMap(({ object, pod }) => {
    const at = {
      namespace: object.metadata.namespace!,
      from: `${object.kind}/${object.metadata.name}`,
    };
    const fromContainers = containersOf(pod).flatMap((container): Reference[] => [
      ...(container.envFrom ?? []).flatMap((source): Reference[] => [
        ...(source.secretRef
          ? [{ kind: 'Secret' as const, name: source.secretRef.name, ...at }]
          : []),
        ...(source.configMapRef
          ? [{ kind: 'ConfigMap' as const, name: source.configMapRef.name, ...at }]
          : []),
      ]),
      ...(container.env ?? []).flatMap((variable): Reference[] => {
        const { secretKeyRef, configMapKeyRef } = variable.valueFrom ?? {};
        if (secretKeyRef) return [{ kind: 'Secret', ...secretKeyRef, ...at }];
        if (configMapKeyRef) return [{ kind: 'ConfigMap', ...configMapKeyRef, ...at }];
        return [];
      }),
    ]);
    const configMapVolume = (source: { name: string; items?: Array<{ key: string }> }) =>
      source.items
        ? source.items.map((item) => ({
            kind: 'ConfigMap' as const,
            name: source.name,
            key: item.key,
            ...at,
          }))
        : [{ kind: 'ConfigMap' as const, name: source.name, ...at }];
    const fromVolumes = (pod.volumes ?? []).flatMap((volume): Reference[] => [
      ...(volume.configMap ? configMapVolume(volume.configMap) : []),
      ...(volume.secret
        ? [{ kind: 'Secret' as const, name: volume.secret.secretName, ...at }]
        : []),
      ...(volume.projected?.sources ?? []).flatMap((source) =>
        source.configMap ? configMapVolume(source.configMap) : [],
      ),
    ]);
    return [...fromContainers, ...fromVolumes];
  });
}
