import { byName, expectValidAgainstSchema } from './checks';
import { type Endpoint, NetworkRules, podEndpoints } from './network-policies';
import {
  appOf,
  containersOf,
  envProblems,
  generatedSecrets,
  type K8sObject,
  renderBase,
  renderProduction,
  secretsSpec,
  variablesOf,
  workloads,
} from './stack';

// k8s/production, checked without a cluster and without the operators: what kubectl decodes of it,
// the core objects against the Kubernetes schemas, and how the app manifests meet the operators'
// resources (the names of the Secrets, Services and pod labels each operator makes, as the pinned
// releases make them: CloudNativePG 1.30, RabbitMQ Cluster Operator 2.22). The custom resources
// themselves are validated against the operators' CRDs by the GitHub workflow (server-side dry
// run on a Kind cluster with the pinned CRDs); see k8s/README.md.
const objects = renderProduction();
const base = renderBase();
const named = (list: K8sObject[], kind: string, name: string) =>
  list.find((object) => object.kind === kind && object.metadata.name === name);
const postgres = named(objects, 'Cluster', 'postgres')!;
const rabbitmq = named(objects, 'RabbitmqCluster', 'rabbitmq')!;
const OPERATOR_KINDS = ['postgresql.cnpg.io/v1/Cluster', 'rabbitmq.com/v1beta1/RabbitmqCluster'];

/** The Secrets the operators make, with keys in the form they fill them. */
const operatorSecrets: Record<string, Record<string, string>> = {
  // CloudNativePG: <cluster>-app, `uri` naming the <cluster>-rw Service in the namespace.
  [`${postgres.metadata.name}-app`]: {
    uri: `postgresql://profile:generated@${postgres.metadata.name}-rw.profile:5432/profiles`,
  },
  // RabbitMQ Cluster Operator: <cluster>-default-user, `connection_string` naming its Service.
  [`${rabbitmq.metadata.name}-default-user`]: {
    connection_string: `amqp://default_user_generated:generated@${rabbitmq.metadata.name}.profile.svc:5672/`,
  },
};

describe('k8s/production rendered with kubectl kustomize', () => {
  it.each(
    objects
      .filter((object) => !OPERATOR_KINDS.includes(`${object.apiVersion}/${object.kind}`))
      .map((object) => [byName(object), object] as const),
  )('%s is valid against its Kubernetes schema', (_name, object) =>
    expectValidAgainstSchema(object),
  );

  it('swaps the single-node data services for the operators’ clusters and a Redis Cluster', () => {
    expect(objects.map(byName)).toEqual(
      expect.arrayContaining(['Cluster/postgres', 'RabbitmqCluster/rabbitmq', 'StatefulSet/redis']),
    );
    for (const gone of ['StatefulSet/postgres', 'Service/postgres', 'Deployment/redis'])
      expect(objects.map(byName)).not.toContain(gone);
    expect(objects.filter((object) => object.kind === 'StatefulSet').map(byName)).toEqual([
      'StatefulSet/redis',
    ]);
  });

  it('keeps the app manifests of k8s/simple, with only the documented changes', () => {
    const unchanged = (object: K8sObject) => {
      const copy = structuredClone(object);
      const pod = copy.spec?.template?.spec;
      if (pod) {
        delete pod.topologySpreadConstraints;
        for (const container of pod.containers) {
          container.env = (container.env ?? []).filter(
            (variable: { name: string }) =>
              !['DATABASE_URL', 'RABBITMQ_URL'].includes(variable.name),
          );
          if (container.env.length === 0) delete container.env;
        }
      }
      if (copy.kind === 'Deployment' && copy.metadata.name === 'web') delete copy.spec.replicas;
      if (copy.kind === 'ConfigMap' && copy.metadata.name === 'api-config')
        delete copy.data!['REDIS_MODE'];
      return copy;
    };
    for (const [kind, name] of [
      ['Deployment', 'api'],
      ['Deployment', 'worker'],
      ['Deployment', 'web'],
      ['Job', 'api-migrate'],
      ['HorizontalPodAutoscaler', 'api'],
      ['PodDisruptionBudget', 'worker'],
      ['ConfigMap', 'api-config'],
      ['ConfigMap', 'worker-config'],
      ['ConfigMap', 'web-config'],
    ]) {
      expect([kind, name, unchanged(named(objects, kind, name)!)]).toEqual([
        kind,
        name,
        unchanged(named(base, kind, name)!),
      ]);
    }
  });

  it('runs the same PostgreSQL and RabbitMQ releases as k8s/simple, 3 of each on 3 nodes', () => {
    const imageOf = (name: string) =>
      workloads(base).find(({ object }) => object.metadata.name === name)!.pod.containers[0].image;
    const [, postgresVersion] = /^postgres:(\d+\.\d+)/.exec(imageOf('postgres'))!;
    expect(postgres.spec.imageName).toMatch(
      new RegExp(`^ghcr\\.io/cloudnative-pg/postgresql:${postgresVersion.replace('.', '\\.')}-`),
    );
    expect(postgres.spec).toMatchObject({
      instances: 3,
      bootstrap: { initdb: { database: 'profiles', owner: 'profile' } },
      affinity: { podAntiAffinityType: 'required', topologyKey: 'kubernetes.io/hostname' },
    });
    expect(rabbitmq.spec.image).toBe(imageOf('rabbitmq'));
    expect(rabbitmq.spec.replicas).toBe(3);
    expect(
      rabbitmq.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution,
    ).toEqual([expect.objectContaining({ topologyKey: 'kubernetes.io/hostname' })]);
  });

  it('gives the apps environments their schemas accept, from the operators’ Secrets', () => {
    const spec = secretsSpec();
    const secrets = { ...generatedSecrets(), ...operatorSecrets };
    const apps = workloads(objects).flatMap(({ object, pod }) =>
      pod.containers
        .filter((container) => appOf(container))
        .map((container) => ({ object, container, app: appOf(container)! })),
    );
    expect(apps.length).toBe(4);
    for (const { object, container, app } of apps) {
      const environment = variablesOf(container, objects, spec, secrets);
      for (const variable of container.env ?? []) {
        const ref = variable.valueFrom?.secretKeyRef;
        if (ref) environment.set(variable.name, secrets[ref.name]?.[ref.key] ?? '<missing>');
      }
      expect([byName(object), envProblems(app, Object.fromEntries(environment))]).toEqual([
        byName(object),
        [],
      ]);
      if (app === 'api') {
        expect(environment.get('REDIS_MODE')).toBe('cluster');
        expect(new URL(environment.get('DATABASE_URL')!).hostname).toBe('postgres-rw.profile');
      }
      if (app !== 'web') expect(environment.get('RABBITMQ_URL')).toContain('@rabbitmq.profile.svc');
    }
  });

  it('reaches the Redis Cluster through the Service redis, which selects its nodes only', () => {
    const service = named(objects, 'Service', 'redis')!;
    const redis = named(objects, 'StatefulSet', 'redis')!;
    const job = named(objects, 'Job', 'redis-cluster-create')!;
    const selects = (labels: Record<string, string>) =>
      Object.entries(service.spec.selector as Record<string, string>).every(
        ([key, value]) => labels[key] === value,
      );
    expect(selects(redis.spec.template.metadata.labels)).toBe(true);
    expect(selects(job.spec.template.metadata.labels)).toBe(false);
    expect(redis.spec.replicas).toBe(6);
    const args: string[] = redis.spec.template.spec.containers[0].args;
    const option = (name: string) => args[args.indexOf(name) + 1];
    expect(option('--cluster-enabled')).toBe('yes');
    expect(option('--cluster-announce-hostname')).toBe(`$(POD_NAME).${redis.spec.serviceName}`);
    expect(named(objects, 'Service', redis.spec.serviceName)?.spec.clusterIP).toBe('None');
    expect(job.spec.template.spec.containers[0].command.join(' ')).toContain(
      `redis-$i.${redis.spec.serviceName}`,
    );
  });

  it('opens the console and the api through an Ingress, with no NodePort left', () => {
    const services = objects.filter((object) => object.kind === 'Service');
    expect(services.filter((service) => service.spec.type === 'NodePort').map(byName)).toEqual([]);
    const ingresses = objects.filter((object) => object.kind === 'Ingress');
    const backends = ingresses.flatMap((ingress) =>
      (
        ingress.spec.rules as Array<{
          http: {
            paths: Array<{ backend: { service: { name: string; port: { name: string } } } }>;
          };
        }>
      ).flatMap((rule) => rule.http.paths.map((path) => path.backend.service)),
    );
    expect(backends.map((backend) => backend.name).sort()).toEqual(['api', 'web']);
    for (const backend of backends) {
      const service = services.find((s) => s.metadata.name === backend.name)!;
      expect((service.spec.ports as Array<{ name: string }>).map((port) => port.name)).toContain(
        backend.port.name,
      );
    }
  });

  it.each(['api', 'worker', 'web'])('spreads the %s over nodes and zones', (name) => {
    const deployment = named(objects, 'Deployment', name)!;
    const labels = deployment.spec.template.metadata.labels as Record<string, string>;
    const constraints = deployment.spec.template.spec.topologySpreadConstraints as Array<{
      topologyKey: string;
      whenUnsatisfiable: string;
      labelSelector: { matchLabels: Record<string, string> };
    }>;
    expect(constraints.map((c) => [c.topologyKey, c.whenUnsatisfiable])).toEqual([
      ['kubernetes.io/hostname', 'DoNotSchedule'],
      ['topology.kubernetes.io/zone', 'ScheduleAnyway'],
    ]);
    for (const constraint of constraints)
      for (const [key, value] of Object.entries(constraint.labelSelector.matchLabels))
        expect(labels[key]).toBe(value);
    const replicas =
      deployment.spec.replicas ?? named(objects, 'HorizontalPodAutoscaler', name)?.spec.minReplicas;
    expect(replicas).toBeGreaterThanOrEqual(2);
    expect(named(objects, 'PodDisruptionBudget', name)).toBeDefined();
  });

  it('walks a volume’s files only when its root does not match (fsGroupChangePolicy)', () => {
    for (const { object, pod } of workloads(objects)) {
      if (!object.spec.volumeClaimTemplates) continue;
      expect([byName(object), pod.securityContext?.['fsGroupChangePolicy']]).toEqual([
        byName(object),
        'OnRootMismatch',
      ]);
    }
    // CloudNativePG fills in only runAsUser, runAsGroup and seccompProfile of a context it is given.
    expect(postgres.spec.podSecurityContext).toEqual({
      runAsNonRoot: true,
      fsGroup: 26,
      fsGroupChangePolicy: 'OnRootMismatch',
    });
    expect(
      rabbitmq.spec.override.statefulSet.spec.template.spec.securityContext.fsGroupChangePolicy,
    ).toBe('OnRootMismatch');
  });

  it('keeps the hardening of k8s/simple on the pods it adds', () => {
    for (const { pod } of workloads(objects)) {
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      for (const container of containersOf(pod))
        expect(container.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
    }
  });
});

describe('k8s/production network rules', () => {
  const rules = new NetworkRules(objects);
  // The operators' pods, labelled as the pinned releases label them.
  const pods: Record<string, Endpoint> = {
    ...podEndpoints(objects),
    postgres: {
      namespace: 'profile',
      labels: { ...postgres.spec.inheritedMetadata.labels, 'cnpg.io/cluster': 'postgres' },
    },
    rabbitmq: {
      namespace: 'profile',
      labels: {
        'app.kubernetes.io/name': rabbitmq.metadata.name,
        'app.kubernetes.io/component': 'rabbitmq',
        'app.kubernetes.io/part-of': 'rabbitmq',
      },
    },
    'cnpg-operator': { namespace: 'cnpg-system', labels: {} },
    'rabbitmq-operator': { namespace: 'rabbitmq-system', labels: {} },
  };

  it.each([
    ['api', 'postgres', 5432, true],
    ['migrate', 'postgres', 5432, true],
    ['postgres', 'postgres', 5432, true],
    ['cnpg-operator', 'postgres', 8000, true],
    ['worker', 'postgres', 5432, false],
    ['api', 'redis', 6379, true],
    ['redis', 'redis', 16379, true],
    ['redis-cluster-create', 'redis', 6379, true],
    ['api', 'redis', 16379, false],
    ['worker', 'redis', 6379, false],
    ['api', 'rabbitmq', 5672, true],
    ['worker', 'rabbitmq', 5672, true],
    ['rabbitmq', 'rabbitmq', 25672, true],
    ['rabbitmq-operator', 'rabbitmq', 15672, true],
    ['web', 'rabbitmq', 5672, false],
    ['web', 'api', 30080, true],
  ])('%s → %s:%d allowed: %s', (from, to, port, expected) => {
    expect(rules.reaches(pods[from], pods[to], port)).toBe(expected);
  });
});
