import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  type AppName,
  APPS,
  appOf,
  type EnvSchema,
  envProblems,
  envSchema,
  generatedSecrets,
  referencesOf,
  renderBase,
  renderMonitoring,
  ROOT,
  secretNamespace,
  secretsSpec,
  variablesOf,
  workloads,
} from './stack';

// Read by the runtime, not by the app's schema: Next's standalone server.js listens on HOSTNAME.
const PLATFORM_VARIABLES: Partial<Record<AppName, string[]>> = { web: ['HOSTNAME'] };
const PROBE_PATHS: Record<AppName, { readiness: string; liveness: string }> = {
  api: { readiness: '/health/ready', liveness: '/health/live' },
  worker: { readiness: '/health/ready', liveness: '/health/live' },
  web: { readiness: '/sign-in', liveness: '/healthz' },
};

const objects = renderBase();
const spec = secretsSpec();
const generated = generatedSecrets();
const schemas = Object.fromEntries(
  (Object.keys(APPS) as AppName[]).map((app) => [app, envSchema(app)]),
) as Record<AppName, EnvSchema>;
const appContainers = workloads(objects).flatMap(({ object, pod }) =>
  pod.containers
    .filter((container) => appOf(container))
    .map((container) => ({ object, container, app: appOf(container)! })),
);
const cases = appContainers.map((c) => [`${c.object.kind}/${c.object.metadata.name}`, c] as const);

describe('the images the manifests run', () => {
  it.each(['api', 'worker', 'web'])('profile/%s is built by an Nx docker-build target', (app) => {
    const project = JSON.parse(readFileSync(join(ROOT, `apps/${app}/project.json`), 'utf8'));
    const target = project.targets['docker-build'];
    expect(target.dependsOn).toContain('build');
    expect(target.options.command).toBe(`tools/k8s/docker-build.sh ${app}`);
    expect(existsSync(join(ROOT, `apps/${app}/Dockerfile`))).toBe(true);
    expect(appContainers.some((c) => c.app === app)).toBe(true);
  });
});

describe('ports and probes', () => {
  it.each(cases)(
    '%s listens on the port its app reads, and probes paths the app serves',
    (_name, { object, container, app }) => {
      if (object.kind === 'Job') return expect(container.ports).toBeUndefined();
      const port = Number(
        variablesOf(container, objects, spec).get('PORT') ?? schemas[app]['PORT'].default,
      );
      expect(container.ports).toEqual([{ name: 'http', containerPort: port }]);
      expect(container.readinessProbe?.httpGet).toEqual({
        path: PROBE_PATHS[app].readiness,
        port: 'http',
      });
      expect(container.livenessProbe?.httpGet).toEqual({
        path: PROBE_PATHS[app].liveness,
        port: 'http',
      });
      expect(container.startupProbe?.httpGet?.port).toBe('http');
    },
  );

  it('probes paths the apps serve: the shared health controller, the web’s /healthz and sign-in', () => {
    const controller = readFileSync(
      join(ROOT, 'libs/service-core/src/lib/health.controller.ts'),
      'utf8',
    );
    expect(controller).toMatch(/@Controller\('health'\)/);
    expect(controller).toMatch(/@Get\('live'\)/);
    expect(controller).toMatch(/@Get\('ready'\)/);
    expect(readFileSync(join(ROOT, 'apps/web/src/app/healthz/route.ts'), 'utf8')).toMatch(
      /export function GET\(/,
    );
    expect(existsSync(join(ROOT, 'apps/web/src/app/sign-in/page.tsx'))).toBe(true);
  });

  it('lets the web’s probes through without a session: its proxy sends nothing else to sign-in', () => {
    // proxy.ts redirects every path its matcher matches to sign-in when there is no session.
    const proxy = readFileSync(join(ROOT, 'apps/web/src/proxy.ts'), 'utf8');
    const [matcher] = JSON.parse(
      /matcher: (\[.*\])/.exec(proxy)![1].replace(/'/g, '"'),
    ) as string[];
    const redirected = (path: string) => new RegExp(`^${matcher}$`).test(path);
    expect(['/healthz', '/sign-in', '/profiles', '/'].map(redirected)).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });

  it('uses the apps’ default ports', () => {
    expect(
      Object.fromEntries(
        (Object.keys(APPS) as AppName[]).map((app) => [app, schemas[app]['PORT'].default]),
      ),
    ).toEqual({
      api: 30080,
      worker: 30081,
      web: 3000,
    });
  });
});

describe('environment', () => {
  it.each(cases)('%s sets every variable its schema requires', (_name, { container, app }) => {
    const set = variablesOf(container, objects, spec);
    const required = Object.entries(schemas[app])
      .filter(([, field]) => !field.hasDefault)
      .map(([name]) => name);
    expect(required.filter((name) => !set.has(name))).toEqual([]);
  });

  it.each(cases)(
    '%s overrides every default that points at localhost',
    (_name, { container, app }) => {
      const set = variablesOf(container, objects, spec);
      const local = Object.entries(schemas[app])
        .filter(([, field]) => /\/\/(127\.0\.0\.1|localhost)\b/.test(String(field.default)))
        .map(([name]) => name);
      expect(local.filter((name) => !set.has(name))).toEqual([]);
    },
  );

  it.each(cases)('%s sets only variables its schema knows', (_name, { container, app }) => {
    const known = new Set([...Object.keys(schemas[app]), ...(PLATFORM_VARIABLES[app] ?? [])]);
    expect(
      [...variablesOf(container, objects, spec).keys()].filter((name) => !known.has(name)),
    ).toEqual([]);
  });

  it.each(cases)(
    '%s gets an environment its schema accepts, generated Secrets included',
    (_name, { container, app }) => {
      const environment = Object.fromEntries(variablesOf(container, objects, spec, generated));
      expect(envProblems(app, environment)).toEqual([]);
    },
  );

  it('keeps credentials out of the ConfigMaps', () => {
    for (const configMap of objects.filter((object) => object.kind === 'ConfigMap')) {
      for (const [key, value] of Object.entries(configMap.data ?? {})) {
        expect([key, /(PASSWORD|SECRET|API_KEY|_KEYS)/.test(key)]).toEqual([key, false]);
        expect([key, /\/\/[^/@]*:[^/@]*@/.test(value)]).toEqual([key, false]);
      }
    }
  });

  it('lists every variable of every app in .env.example, under the apps that read it', () => {
    const listed = envExample();
    for (const app of Object.keys(APPS) as AppName[]) {
      expect([app, [...(listed.get(app) ?? [])].sort()]).toEqual([
        app,
        Object.keys(schemas[app]).sort(),
      ]);
    }
  });
});

describe('Secrets and ConfigMaps', () => {
  // The monitoring overlay reads Secrets of the same spec (Grafana's), so both renders count.
  const everything = [...objects, ...renderMonitoring()];
  const references = referencesOf(everything);

  it('references only Secrets and keys that the spec generates, in the pod’s namespace', () => {
    for (const reference of references.filter((r) => r.kind === 'Secret')) {
      expect([reference, reference.name in spec.secrets]).toEqual([reference, true]);
      expect([reference, secretNamespace(spec, reference.name)]).toEqual([
        reference,
        reference.namespace,
      ]);
      if (reference.key)
        expect([reference, reference.key in spec.secrets[reference.name]]).toEqual([
          reference,
          true,
        ]);
    }
  });

  it('references only ConfigMaps and keys that the kustomizations render, in the pod’s namespace', () => {
    const configMaps = new Map(
      everything
        .filter((o) => o.kind === 'ConfigMap')
        .map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o.data ?? {}]),
    );
    const configMapReferences = references.filter((r) => r.kind === 'ConfigMap');
    expect(configMapReferences.length).toBeGreaterThan(0);
    for (const reference of configMapReferences) {
      const data = configMaps.get(`${reference.namespace}/${reference.name}`);
      expect([reference, data !== undefined]).toEqual([reference, true]);
      if (reference.key) expect([reference, reference.key in data!]).toEqual([reference, true]);
    }
  });

  it('generates no Secret that nothing uses, from values it defines', () => {
    const used = new Set(references.filter((r) => r.kind === 'Secret').map((r) => r.name));
    expect(Object.keys(spec.secrets).filter((name) => !used.has(name))).toEqual([]);
    for (const keys of Object.values(spec.secrets)) {
      for (const template of Object.values(keys)) {
        for (const [, name] of template.matchAll(/\$\{(\w+)\}/g))
          expect(spec.values).toHaveProperty(name);
      }
    }
    for (const name of Object.keys(spec.namespaces ?? {}))
      expect(spec.secrets).toHaveProperty(name);
  });

  it('gives the worker a write key (it claims task attempts) that the api knows, with a rate limit of its own', () => {
    // API_KEYS: comma-separated `name:scope[/limit]:secret`, split on the first two colons.
    const apiKeys = generated['api-secrets']['API_KEYS'].split(',').map((entry) => {
      const [name, scopeAndLimit, ...secret] = entry.split(':');
      const [scope, limit] = scopeAndLimit.split('/');
      return { name, scope, limit, secret: secret.join(':') };
    });
    const workerKey = generated['worker-secrets']['WORKER_API_KEY'];
    expect(apiKeys.find((key) => key.secret === workerKey)).toEqual(
      expect.objectContaining({ scope: 'write', limit: expect.stringMatching(/^[1-9]\d*$/) }),
    );
  });

  it('points every URL at a Service of the stack, on a port it serves', () => {
    const ports = new Map(
      objects
        .filter((o) => o.kind === 'Service')
        .map((o) => [
          o.metadata.name,
          (o.spec.ports as Array<{ port: number }>).map((p) => p.port),
        ]),
    );
    const values = [
      ...objects.filter((o) => o.kind === 'ConfigMap').flatMap((o) => Object.values(o.data ?? {})),
      ...Object.values(spec.secrets).flatMap((keys) => Object.values(keys)),
    ];
    const urls = values
      .flatMap((value) => value.split(','))
      .filter((value) => /^[a-z]+:\/\//.test(value));
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) {
      const { hostname, port } = new URL(url.replace(/\$\{\w+\}/g, 'x'));
      expect([url, ports.get(hostname)?.includes(Number(port))]).toEqual([url, true]);
    }
  });
});

describe('the data services of make dev and CI', () => {
  type Services = Record<string, { image: string }>;
  const clusterImages = workloads(objects).flatMap(({ pod }) => pod.containers.map((c) => c.image));
  const read = (file: string) => parse(readFileSync(join(ROOT, file), 'utf8'));
  const compose = read('tools/dev/compose.yaml') as { services: Services };
  const ci = read('.github/workflows/ci.yml') as { jobs: { affected: { services: Services } } };

  it.each([
    ['tools/dev/compose.yaml', compose.services],
    ['.github/workflows/ci.yml', ci.jobs.affected.services],
  ])('%s runs the same images as the cluster', (_file, services) => {
    expect(Object.keys(services).sort()).toEqual(['postgres', 'rabbitmq', 'redis']);
    for (const [name, service] of Object.entries(services)) {
      expect([name, clusterImages]).toEqual([name, expect.arrayContaining([service.image])]);
    }
  });
});

/** The variables .env.example lists per app: `VAR=…` and commented `# VAR=…` under `# @apps …`. */
function envExample(): Map<string, Set<string>> {
  const listed = new Map<string, Set<string>>();
  let apps: string[] = [];
  for (const line of readFileSync(join(ROOT, '.env.example'), 'utf8').split('\n')) {
    const section = /^# @apps\s+(.+)$/.exec(line);
    if (section) apps = section[1].trim().split(/\s+/);
    const variable = /^(?:# )?([A-Z][A-Z0-9_]*)=/.exec(line);
    if (!variable) continue;
    for (const app of apps) listed.set(app, (listed.get(app) ?? new Set()).add(variable[1]));
  }
  return listed;
}
