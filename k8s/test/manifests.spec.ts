import { Secret } from 'kubernetes-models/v1';
import {
  byName,
  expectAllProbes,
  expectHardenedContainer,
  expectPinnedImage,
  expectRequestsAndLimits,
  expectValidAgainstSchema,
} from './checks';
import { NetworkRules, podEndpoints } from './network-policies';
import {
  containersOf,
  type K8sObject,
  kindConfig,
  renderBase,
  secretNamespace,
  secretsSpec,
  workloads,
} from './stack';

const objects = renderBase();
const named = (kind: string, name: string) =>
  objects.find((object) => object.kind === kind && object.metadata.name === name);
const label = (object: K8sObject, key: string) =>
  object.metadata.labels?.[`app.kubernetes.io/${key}`];

describe('k8s/simple rendered with kubectl kustomize', () => {
  it('holds the whole stack', () => {
    const names = objects.map((object) => `${object.kind}/${object.metadata.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'Namespace/profile',
        'StatefulSet/postgres',
        'Deployment/redis',
        'StatefulSet/rabbitmq',
        'Job/api-migrate',
        'Deployment/api',
        'Deployment/worker',
        'Deployment/web',
      ]),
    );
  });

  it.each(objects.map((object) => [byName(object), object] as const))(
    '%s is valid against its Kubernetes schema',
    (_name, object) => expectValidAgainstSchema(object),
  );

  it('builds Secrets from the spec that are valid objects', () => {
    const spec = secretsSpec();
    for (const [name, keys] of Object.entries(spec.secrets)) {
      const stringData = Object.fromEntries(Object.keys(keys).map((key) => [key, 'generated']));
      const namespace = secretNamespace(spec, name);
      const secret = new Secret({ metadata: { name, namespace }, stringData });
      expect(() => secret.validate()).not.toThrow();
    }
  });

  it('puts everything in the profile namespace, labelled by component', () => {
    for (const object of objects) {
      if (object.kind !== 'Namespace')
        expect([object.metadata.name, object.metadata.namespace]).toEqual([
          object.metadata.name,
          'profile',
        ]);
      expect([object.metadata.name, label(object, 'part-of')]).toEqual([
        object.metadata.name,
        'profile',
      ]);
      expect(label(object, 'name')).toMatch(/^(profile|postgres|redis|rabbitmq|api|worker|web)$/);
    }
  });

  it('enforces the restricted Pod Security profile on the namespace', () => {
    expect(named('Namespace', 'profile')?.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });
});

describe('images', () => {
  const containers = workloads(objects).flatMap(({ pod }) => containersOf(pod));

  it('pins every image to an exact tag, never latest, pulled only when absent', () => {
    for (const container of containers) expectPinnedImage(container);
  });

  it('pins the data services to exact versions, RabbitMQ 4.x with the management plugin', () => {
    const images = containers.map((container) => container.image);
    expect(images).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^postgres:\d+\.\d+(-[a-z0-9.]+)?$/),
        expect.stringMatching(/^redis:\d+\.\d+\.\d+(-[a-z0-9.]+)?$/),
        expect.stringMatching(/^rabbitmq:4\.\d+\.\d+-management(-alpine)?$/),
      ]),
    );
  });

  it('leaves the app images to the render step (render.spec.ts), written profile/<app>:unset', () => {
    const appImages = containers
      .map((c) => c.image)
      .filter((image) => image.startsWith('profile/'));
    expect(new Set(appImages)).toEqual(
      new Set(['profile/api:unset', 'profile/worker:unset', 'profile/web:unset']),
    );
  });
});

describe('pods', () => {
  const pods = workloads(objects);

  it('run as non-root with a RuntimeDefault seccomp profile and no service account token', () => {
    for (const { object, pod } of pods) {
      expect([object.metadata.name, pod.securityContext]).toEqual([
        object.metadata.name,
        expect.objectContaining({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }),
      ]);
      expect([object.metadata.name, pod.automountServiceAccountToken]).toEqual([
        object.metadata.name,
        false,
      ]);
    }
  });

  it('drop every capability, never escalate, and keep the apps’ root filesystem read-only', () => {
    for (const { object, pod } of pods) {
      // RabbitMQ's entrypoint may write its configuration at start (see rabbitmq.yaml).
      for (const container of pod.containers)
        expectHardenedContainer(container, object.metadata.name === 'rabbitmq');
    }
  });

  it('set requests and limits of CPU and memory on every container', () => {
    for (const { pod } of pods) pod.containers.forEach(expectRequestsAndLimits);
  });

  it('probe start-up, readiness and liveness of every long-running container', () => {
    for (const { pod } of pods.filter(({ object }) => object.kind !== 'Job'))
      pod.containers.forEach(expectAllProbes);
  });

  it('run the migrations in the Job only, with the api image', () => {
    const job = pods.find(({ object }) => object.kind === 'Job')!;
    expect(job.pod.containers.map((c) => [c.image, c.command])).toEqual([
      ['profile/api:unset', ['node', 'migrate.js']],
    ]);
    const others = pods
      .filter(({ object }) => object.kind !== 'Job')
      .flatMap(({ pod }) => pod.containers);
    expect(others.flatMap((c) => [...(c.command ?? []), ...(c.args ?? [])])).not.toContain(
      'migrate.js',
    );
  });

  it('keep PostgreSQL and RabbitMQ data on claims, and Redis without persistence', () => {
    for (const name of ['postgres', 'rabbitmq']) {
      expect(named('StatefulSet', name)?.spec.volumeClaimTemplates).toHaveLength(1);
    }
    const redis = named('Deployment', 'redis')!.spec.template.spec.containers[0];
    expect(redis.args.join(' ')).toContain('--save  --appendonly no');
  });

  it('bound Redis memory, evicting only keys with a TTL (never the FIFO index, which has none)', () => {
    const redis = named('Deployment', 'redis')!.spec.template.spec.containers[0];
    expect(redis.args.join(' ')).toContain('--maxmemory 96mb --maxmemory-policy volatile-lru');
  });

  it('give api and worker a grace period longer than their shutdown timeout, after a drain', () => {
    for (const app of ['api', 'worker']) {
      const settings = named('ConfigMap', `${app}-config`)!.data!;
      const pod = named('Deployment', app)!.spec.template.spec;
      expect(Number(settings['SHUTDOWN_DRAIN_MS'])).toBeGreaterThan(0);
      expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
        Number(settings['SHUTDOWN_TIMEOUT_MS']),
      );
      expect(settings['NODE_ENV']).toBe('production');
    }
  });
});

describe('scaling', () => {
  it.each(['api', 'worker'])('scales the %s on CPU and still lets a node drain', (app) => {
    const deployment = named('Deployment', app)!;
    const autoscaler = named('HorizontalPodAutoscaler', app)!;
    expect(deployment.spec.replicas).toBeUndefined();
    expect(autoscaler.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: app,
    });
    expect(autoscaler.spec.metrics).toEqual([
      expect.objectContaining({
        type: 'Resource',
        resource: expect.objectContaining({ name: 'cpu' }),
      }),
    ]);
    const budget = named('PodDisruptionBudget', app)!;
    expect(budget.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    if (budget.spec.maxUnavailable !== undefined)
      expect(budget.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
    else expect(budget.spec.minAvailable).toBeLessThan(autoscaler.spec.minReplicas);
  });
});

describe('services and ports', () => {
  const services = objects.filter((object) => object.kind === 'Service');

  it('keeps the data services inside the cluster and opens the apps on NodePorts', () => {
    const types = Object.fromEntries(services.map((s) => [s.metadata.name, s.spec.type]));
    expect(types).toEqual({
      postgres: 'ClusterIP',
      redis: 'ClusterIP',
      rabbitmq: 'ClusterIP',
      api: 'NodePort',
      worker: 'NodePort',
      web: 'NodePort',
    });
  });

  it('maps every NodePort to the host through kind-config, as api 30080, worker 30081 and web 3000', () => {
    const nodePorts = services.flatMap((s) =>
      (s.spec.ports as Array<{ nodePort?: number }>)
        .filter((p) => p.nodePort)
        .map((p) => [s.metadata.name, p.nodePort!]),
    );
    const mappings = kindConfig().nodes.flatMap((node) => node.extraPortMappings ?? []);
    const hostPortOf = (nodePort: number) =>
      mappings.find((m) => m.containerPort === nodePort)?.hostPort;
    expect(
      Object.fromEntries(nodePorts.map(([name, port]) => [name, hostPortOf(port as number)])),
    ).toEqual({
      api: 30080,
      worker: 30081,
      web: 3000,
    });
    for (const [, port] of nodePorts) {
      expect(port).toBeGreaterThanOrEqual(30000);
      expect(port).toBeLessThanOrEqual(32767);
    }
    expect(mappings).toHaveLength(nodePorts.length);
  });

  it('selects pods that exist, on ports they declare', () => {
    const pods = workloads(objects).filter(({ object }) => object.kind !== 'Job');
    for (const service of services) {
      const selector = service.spec.selector as Record<string, string>;
      const matches = pods.filter(({ labels }) =>
        Object.entries(selector).every(([k, v]) => labels[k] === v),
      );
      expect([service.metadata.name, matches.map(({ object }) => object.metadata.name)]).toEqual([
        service.metadata.name,
        [service.metadata.name],
      ]);
      const portNames = matches[0].pod.containers.flatMap((c) =>
        (c.ports ?? []).map((p) => p.name),
      );
      for (const port of service.spec.ports as Array<{ targetPort: string }>) {
        expect(portNames).toContain(port.targetPort);
      }
    }
  });
});

describe('network policies', () => {
  const policies = objects.filter((object) => object.kind === 'NetworkPolicy');
  const rules = new NetworkRules(objects);
  const pods = podEndpoints(objects);
  const reaches = (from: string, to: string, port: number) =>
    rules.reaches(pods[from], pods[to], port);

  it('denies everything by default, in and out', () => {
    expect(policies.find((p) => p.metadata.name === 'default-deny')?.spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
  });

  it.each([
    ['api', 'postgres', 5432, true],
    ['migrate', 'postgres', 5432, true],
    ['worker', 'postgres', 5432, false],
    ['web', 'postgres', 5432, false],
    ['api', 'redis', 6379, true],
    ['worker', 'redis', 6379, false],
    ['web', 'redis', 6379, false],
    ['api', 'rabbitmq', 5672, true],
    ['worker', 'rabbitmq', 5672, true],
    ['web', 'rabbitmq', 5672, false],
    ['api', 'rabbitmq', 15672, false],
    ['web', 'api', 30080, true],
    ['worker', 'api', 30080, true],
    ['api', 'worker', 30081, true],
    ['web', 'worker', 30081, false],
    ['postgres', 'redis', 6379, false],
  ])('%s → %s:%d allowed: %s', (from, to, port, expected) => {
    expect(reaches(from, to, port)).toBe(expected);
  });
});
