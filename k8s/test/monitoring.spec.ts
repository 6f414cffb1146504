// The monitoring overlay rendered with kubectl kustomize: every object valid against its schema and
// hardened like the stack, and consistent with the stack and the apps: the scrape targets are
// Services and ports that exist, on the paths the apps serve; the network rules let Prometheus,
// Grafana and fluent-bit reach what they read, and nothing more; every ConfigMap and Secret a pod
// reads exists in its namespace.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  byName,
  CLUSTER_SCOPED_KINDS,
  expectAllProbes,
  expectHardenedContainer,
  expectPinnedImage,
  expectRequestsAndLimits,
  expectValidAgainstSchema,
} from './checks';
import { EXTERNAL, NetworkRules, podEndpoints } from './network-policies';
import {
  dashboardFiles,
  dashboardQueries,
  panelsOf,
  parseQuery,
  readDashboard,
  ruleQueries,
} from './promql';
import {
  type Container,
  containersOf,
  type K8sObject,
  renderBase,
  renderMonitoring,
  ROOT,
  secretNamespace,
  secretsSpec,
  workloads,
} from './stack';

const overlay = renderMonitoring();
const stack = renderBase();
const named = (objects: K8sObject[], kind: string, name: string, namespace?: string) =>
  objects.find(
    (o) =>
      o.kind === kind &&
      o.metadata.name === name &&
      (namespace === undefined || o.metadata.namespace === namespace),
  );
/** A ConfigMap of the overlay by the name it has before kustomize appends its content hash. */
const configFile = (name: string, key: string): string => {
  const configMap = overlay.find(
    (o) => o.kind === 'ConfigMap' && new RegExp(`^${name}(-[a-z0-9]{10})?$`).test(o.metadata.name),
  );
  expect([name, configMap?.data?.[key] !== undefined]).toEqual([name, true]);
  return configMap!.data![key];
};
const podOf = (name: string) =>
  workloads(overlay).find(({ object }) => object.metadata.name === name)!;
const containerOf = (name: string): Container => podOf(name).pod.containers[0];
const portNamed = (container: Container, name: string) =>
  container.ports?.find((port) => port.name === name)?.containerPort;

const MONITORING_NAMESPACES = ['profile-monitoring', 'profile-logging'];
// Objects the overlay puts into the stack's namespace: Prometheus's view of RabbitMQ's metrics and
// of the Services, and the read access of kube-state-metrics and fluent-bit.
const IN_STACK_NAMESPACE = [
  'NetworkPolicy/rabbitmq-metrics',
  'Role/prometheus-discovery',
  'RoleBinding/prometheus-discovery',
  'Role/kube-state-metrics',
  'RoleBinding/kube-state-metrics',
  'Role/fluent-bit',
  'RoleBinding/fluent-bit',
];

describe('k8s/monitoring rendered with kubectl kustomize', () => {
  it('holds Prometheus, kube-state-metrics, Grafana, Loki and fluent-bit', () => {
    expect(overlay.map(byName)).toEqual(
      expect.arrayContaining([
        'Namespace/profile-monitoring',
        'Namespace/profile-logging',
        'StatefulSet/prometheus',
        'Deployment/kube-state-metrics',
        'Deployment/grafana',
        'StatefulSet/loki',
        'DaemonSet/fluent-bit',
      ]),
    );
  });

  it.each(
    overlay.map((object) => [`${byName(object)} (${object.metadata.namespace})`, object] as const),
  )('%s is valid against its Kubernetes schema', (_name, object) =>
    expectValidAgainstSchema(object),
  );

  it('keeps to its own namespaces, but for its rules and roles in the stack’s', () => {
    for (const object of overlay) {
      const where = object.metadata.namespace;
      if (CLUSTER_SCOPED_KINDS.includes(object.kind))
        expect([byName(object), where]).toEqual([byName(object), undefined]);
      else if (where === 'profile') expect(IN_STACK_NAMESPACE).toContain(byName(object));
      else
        expect([byName(object), MONITORING_NAMESPACES.includes(where!)]).toEqual([
          byName(object),
          true,
        ]);
    }
  });

  it('labels every object part of profile-monitoring, so that its steps and make stop find them', () => {
    for (const object of overlay) {
      expect([byName(object), object.metadata.labels?.['app.kubernetes.io/part-of']]).toEqual([
        byName(object),
        'profile-monitoring',
      ]);
      // The generated ConfigMaps carry the generator's labels only (older kustomize has no
      // labels per generated ConfigMap); the deploy steps select them by part-of.
      const generated =
        object.kind === 'ConfigMap' &&
        object.metadata.labels?.['app.kubernetes.io/component'] === 'config';
      if (!generated)
        expect([byName(object), object.metadata.labels?.['app.kubernetes.io/name']]).toEqual([
          byName(object),
          expect.stringMatching(
            /^(profile-monitoring|prometheus|kube-state-metrics|grafana|loki|fluent-bit)$/,
          ),
        ]);
    }
  });

  it('adds nothing to the stack’s objects: no name of k8s/simple is taken', () => {
    const stackNames = new Set(stack.map((o) => `${o.metadata.namespace}/${byName(o)}`));
    for (const object of overlay)
      expect(stackNames.has(`${object.metadata.namespace}/${byName(object)}`)).toBe(false);
  });

  it('enforces restricted Pod Security where it can: everywhere but the log collector’s namespace', () => {
    expect(named(overlay, 'Namespace', 'profile-monitoring')?.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    const logging = workloads(overlay).filter(
      ({ object }) => object.metadata.namespace === 'profile-logging',
    );
    expect(logging.map(({ object }) => byName(object))).toEqual(['DaemonSet/fluent-bit']);
  });
});

describe('monitoring pods', () => {
  const pods = workloads(overlay);

  it('pin every image to an exact version, pulled only when absent', () => {
    for (const { pod } of pods) containersOf(pod).forEach(expectPinnedImage);
  });

  it('run as non-root with RuntimeDefault seccomp, no host namespaces, read-only root filesystems', () => {
    for (const { object, pod } of pods) {
      expect([byName(object), pod.securityContext]).toEqual([
        byName(object),
        expect.objectContaining({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }),
      ]);
      expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
      expect([pod.hostNetwork, pod.hostPID, pod.hostIPC]).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
      for (const container of containersOf(pod)) expectHardenedContainer(container);
    }
  });

  it('set requests and limits and all three probes on every container', () => {
    for (const { pod } of pods) {
      pod.containers.forEach(expectRequestsAndLimits);
      pod.containers.forEach(expectAllProbes);
    }
  });

  it('mount a service account token only where a role binding needs it', () => {
    const bound = new Set(
      overlay
        .filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')
        .flatMap((binding) => binding.subjects ?? [])
        .map((subject) => `${subject.namespace}/${subject.name}`),
    );
    for (const { object, pod } of pods) {
      const account = `${object.metadata.namespace}/${pod.serviceAccountName ?? 'default'}`;
      expect([byName(object), pod.automountServiceAccountToken]).toEqual([
        byName(object),
        bound.has(account),
      ]);
      if (pod.serviceAccountName) {
        expect(
          named(overlay, 'ServiceAccount', pod.serviceAccountName, object.metadata.namespace),
        ).toBeDefined();
      }
    }
  });

  it('read host paths only in the log collector, only read-only, only the container logs', () => {
    for (const { object, pod } of pods) {
      const hostPaths = (pod.volumes ?? []).filter((volume) => volume.hostPath);
      if (object.metadata.name !== 'fluent-bit') {
        expect([byName(object), hostPaths]).toEqual([byName(object), []]);
        continue;
      }
      expect(hostPaths.map((volume) => volume.hostPath!.path).sort()).toEqual([
        '/var/log/containers',
        '/var/log/pods',
      ]);
      for (const volume of hostPaths) {
        const mount = pod.containers[0].volumeMounts?.find((m) => m.name === volume.name);
        expect([volume.name, mount?.mountPath, mount?.readOnly]).toEqual([
          volume.name,
          volume.hostPath!.path,
          true,
        ]);
      }
    }
  });

  it('keep Prometheus’s and Loki’s data on claims', () => {
    for (const name of ['prometheus', 'loki']) {
      const set = named(overlay, 'StatefulSet', name)!;
      expect(set.spec.volumeClaimTemplates.map((c: K8sObject) => c.metadata.name)).toEqual([
        'data',
      ]);
    }
  });
});

describe('monitoring ConfigMaps and Secrets', () => {
  it('keeps credentials out of the ConfigMaps', () => {
    for (const configMap of overlay.filter((o) => o.kind === 'ConfigMap')) {
      for (const [key, value] of Object.entries(configMap.data ?? {})) {
        expect([key, /(PASSWORD|SECRET_KEY|API_KEY|TOKEN)$/.test(key)]).toEqual([key, false]);
        expect([key, /\/\/[^/@\s]*:[^/@\s]*@/.test(value)]).toEqual([key, false]);
      }
    }
  });

  it('gives Grafana its admin password from a Secret of the spec, generated into its namespace', () => {
    const spec = secretsSpec();
    const grafana = containerOf('grafana');
    const refs = (grafana.env ?? []).filter((variable) => variable.valueFrom?.secretKeyRef);
    expect(refs.map((variable) => variable.name).sort()).toEqual([
      'GF_SECURITY_ADMIN_PASSWORD',
      'GF_SECURITY_SECRET_KEY',
    ]);
    for (const variable of refs) {
      const { name, key } = variable.valueFrom!.secretKeyRef!;
      expect(Object.keys(spec.secrets[name])).toContain(key);
      expect(secretNamespace(spec, name)).toBe('profile-monitoring');
      expect(spec.secrets[name][key]).toMatch(/^\$\{\w+\}$/);
      const value = spec.values[spec.secrets[name][key].slice(2, -1)];
      expect(value).toEqual({ randomHex: expect.any(Number) });
    }
  });
});

describe('scrape targets', () => {
  type Job = {
    job_name: string;
    metrics_path?: string;
    params?: Record<string, string[]>;
    kubernetes_sd_configs?: Array<{ role: string }>;
    relabel_configs?: Array<{ source_labels?: string[]; regex?: string; action?: string }>;
    metric_relabel_configs?: Array<{ source_labels?: string[]; regex?: string; action?: string }>;
    static_configs?: Array<{ targets: string[] }>;
  };
  const config = parse(configFile('prometheus-config', 'prometheus.yml')) as {
    scrape_configs: Job[];
  };
  const job = (name: string) => config.scrape_configs.find((j) => j.job_name === name)!;
  /** The Service/port pairs an endpointslice job keeps. */
  const keptServicePorts = (scrape: Job) => {
    const keep = scrape.relabel_configs!.find(
      (rule) =>
        rule.action === 'keep' &&
        rule.source_labels?.join(',') ===
          '__meta_kubernetes_service_name,__meta_kubernetes_endpointslice_port_name',
    )!;
    const pattern = new RegExp(`^(?:${keep.regex})$`);
    return stack
      .filter((o) => o.kind === 'Service')
      .flatMap((service) =>
        (service.spec.ports as Array<{ name: string; port: number; targetPort: string }>)
          .filter((port) => pattern.test(`${service.metadata.name};${port.name}`))
          .map((port) => ({ service: service.metadata.name, ...port })),
      );
  };
  const containerPort = (service: string, targetPort: string) => {
    const selector = named(stack, 'Service', service)!.spec.selector as Record<string, string>;
    const pod = workloads(stack).find(
      ({ object, labels }) =>
        object.kind !== 'Job' && Object.entries(selector).every(([k, v]) => labels[k] === v),
    )!;
    return pod.pod.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === targetPort)
      ?.containerPort;
  };

  it('scrape the api and the worker on their http ports at /metrics, which both serve', () => {
    const apps = job('apps');
    expect(apps.metrics_path).toBe('/metrics');
    expect(keptServicePorts(apps).map(({ service, port }) => [service, port])).toEqual([
      ['api', 30080],
      ['worker', 30081],
    ]);
    // The shared service runtime of both apps mounts prom-client's registry there.
    const metricsModule = readFileSync(
      join(ROOT, 'libs/service-core/src/lib/metrics.module.ts'),
      'utf8',
    );
    expect(metricsModule).toMatch(/PrometheusModule\.register\(\{ path: '\/metrics'/);
    // The job label is the Service's name: the dashboards and rules select job="api" / "worker".
    expect(apps.relabel_configs).toContainEqual({
      source_labels: ['__meta_kubernetes_service_name'],
      target_label: 'job',
    });
  });

  it('scrape RabbitMQ’s Prometheus plugin on the port the broker’s pod declares, node-wide and per queue', () => {
    for (const name of ['rabbitmq', 'rabbitmq-queues']) {
      const ports = keptServicePorts(job(name));
      expect(ports.map(({ service, port }) => [service, port])).toEqual([['rabbitmq', 15692]]);
      expect(containerPort('rabbitmq', ports[0].targetPort)).toBe(15692);
    }
    expect(job('rabbitmq').metrics_path).toBe('/metrics');
    expect(job('rabbitmq-queues').metrics_path).toBe('/metrics/detailed');
    expect(job('rabbitmq-queues').params).toEqual({
      family: ['queue_coarse_metrics', 'queue_consumer_count'],
    });
    const plugins = named(stack, 'ConfigMap', 'rabbitmq-config')!.data!['enabled_plugins'];
    expect(plugins).toMatch(/^\[(.*,)?rabbitmq_prometheus(,.*)?\]\.\s*$/);
    const rabbitmq = named(stack, 'StatefulSet', 'rabbitmq')!.spec.template.spec
      .containers[0] as Container;
    expect(rabbitmq.volumeMounts).toContainEqual(
      expect.objectContaining({
        mountPath: '/etc/rabbitmq/enabled_plugins',
        subPath: 'enabled_plugins',
      }),
    );
  });

  it('scrape kube-state-metrics at its Service, on the port it listens on', () => {
    expect(job('kube-state-metrics').static_configs).toEqual([
      { targets: ['kube-state-metrics.profile-monitoring.svc:8080'] },
    ]);
    const service = named(overlay, 'Service', 'kube-state-metrics', 'profile-monitoring')!;
    expect(service.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http' }]);
    const container = containerOf('kube-state-metrics');
    expect(portNamed(container, 'http')).toBe(8080);
    expect(container.args).toContain('--port=8080');
    expect(container.args).toContain('--namespaces=profile');
  });

  it('scrape cAdvisor through the API server’s node proxy, keeping every container metric the dashboards read', () => {
    const cadvisor = job('kubelet-cadvisor');
    expect(cadvisor.kubernetes_sd_configs).toEqual([{ role: 'node' }]);
    expect(cadvisor.relabel_configs).toContainEqual(
      expect.objectContaining({
        replacement: '/api/v1/nodes/$1/proxy/metrics/cadvisor',
        target_label: '__metrics_path__',
      }),
    );
    const keep = cadvisor.metric_relabel_configs!.find(
      (rule) => rule.source_labels?.[0] === '__name__',
    )!;
    const kept = new RegExp(`^(?:${keep.regex})$`);
    const used = [...dashboardQueries('prometheus'), ...ruleQueries()]
      .flatMap((query) => parseQuery(query.expr).selectors.map((s) => s.metric))
      .filter((metric) => metric.startsWith('container_'));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((metric) => !kept.test(metric))).toEqual([]);
  });

  it('give Prometheus the roles its discovery and cAdvisor scrapes need', () => {
    const clusterRole = named(overlay, 'ClusterRole', 'profile-monitoring-prometheus')!;
    expect(clusterRole.rules).toEqual([
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] },
    ]);
    const discovery = named(overlay, 'Role', 'prometheus-discovery', 'profile')!;
    expect(discovery.rules!.flatMap((rule) => rule.resources).sort()).toEqual([
      'endpointslices',
      'pods',
      'services',
    ]);
    for (const name of ['profile-monitoring-prometheus', 'prometheus-discovery']) {
      const binding = overlay.find(
        (o) =>
          (o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding') && o.metadata.name === name,
      )!;
      expect(binding.roleRef?.name).toBe(name);
      expect(binding.subjects).toEqual([
        { kind: 'ServiceAccount', name: 'prometheus', namespace: 'profile-monitoring' },
      ]);
    }
  });

  it('run Prometheus with that configuration and its rules, keeping the data on the claim', () => {
    const prometheus = podOf('prometheus');
    const container = prometheus.pod.containers[0];
    expect(container.args).toEqual(
      expect.arrayContaining([
        '--config.file=/etc/prometheus/prometheus.yml',
        '--storage.tsdb.path=/prometheus',
      ]),
    );
    expect(container.volumeMounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'config', mountPath: '/etc/prometheus' }),
        expect.objectContaining({ name: 'data', mountPath: '/prometheus' }),
      ]),
    );
    const sources = prometheus.pod.volumes!.find((v) => v.name === 'config')!.projected!.sources;
    expect(
      sources.map(
        (source) => source.configMap!.items?.map((item) => item.path) ?? ['prometheus.yml'],
      ),
    ).toEqual([['prometheus.yml'], ['rules/alerts.yaml']]);
  });
});

describe('Grafana', () => {
  type DataSource = { uid: string; type: string; url: string };
  const datasources = (
    parse(configFile('grafana-provisioning', 'datasources.yaml')) as { datasources: DataSource[] }
  ).datasources;
  const provider = (
    parse(configFile('grafana-provisioning', 'dashboards.yaml')) as {
      providers: Array<{ options: { path: string } }>;
    }
  ).providers[0];
  const grafana = podOf('grafana');

  it('reads Prometheus and Loki at their Services and ports', () => {
    expect(datasources.map((d) => [d.uid, d.type]).sort()).toEqual([
      ['loki', 'loki'],
      ['prometheus', 'prometheus'],
    ]);
    for (const datasource of datasources) {
      const url = new URL(datasource.url);
      const [service, namespace] = url.hostname.split('.');
      const object = named(overlay, 'Service', service, namespace);
      expect([datasource.uid, object?.spec.ports.map((p: { port: number }) => p.port)]).toEqual([
        datasource.uid,
        [Number(url.port)],
      ]);
    }
    expect(portNamed(containerOf('loki'), 'http')).toBe(
      (parse(configFile('loki-config', 'loki.yaml')) as { server: { http_listen_port: number } })
        .server.http_listen_port,
    );
  });

  it('provisions the dashboards from where the dashboards ConfigMap is mounted', () => {
    const mount = grafana.pod.containers[0].volumeMounts!.find((m) => m.name === 'dashboards')!;
    expect(mount.mountPath).toBe(provider.options.path);
    const dashboards = overlay.find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('grafana-dashboards'),
    )!;
    expect(Object.keys(dashboards.data!).sort()).toEqual(dashboardFiles().sort());
    const home = named(overlay, 'ConfigMap', 'grafana-settings')!.data![
      'GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH'
    ];
    expect(home.startsWith(`${provider.options.path}/`)).toBe(true);
    expect(dashboardFiles()).toContain(home.slice(provider.options.path.length + 1));
  });

  it.each(dashboardFiles())(
    '%s has a unique uid and queries only the provisioned data sources',
    (file) => {
      const dashboard = readDashboard(file);
      const uids = dashboardFiles().map((f) => readDashboard(f).uid);
      expect(uids.filter((uid) => uid === dashboard.uid)).toHaveLength(1);
      const known = datasources.map((d) => d.uid);
      for (const panel of panelsOf(dashboard).filter((p) => p.targets)) {
        for (const target of panel.targets!) {
          expect([
            panel.title,
            known.includes((target.datasource ?? panel.datasource)?.uid ?? ''),
          ]).toEqual([panel.title, true]);
        }
      }
    },
  );

  it('parses every PromQL expression of the dashboards and the alert rules', () => {
    const queries = [...dashboardQueries('prometheus'), ...ruleQueries()];
    expect(queries.length).toBeGreaterThan(40);
    const failures = queries.flatMap((query) => {
      try {
        parseQuery(query.expr);
        return [];
      } catch (error) {
        return [`${query.source}: ${(error as Error).message}`];
      }
    });
    expect(failures).toEqual([]);
  });

  it('covers what an operator looks at: requests, cache, outbox, tasks, queues, dead letters, resources, logs', () => {
    const metrics = new Set(
      dashboardQueries('prometheus').flatMap((q) =>
        parseQuery(q.expr).selectors.map((s) => s.metric),
      ),
    );
    expect([...metrics]).toEqual(
      expect.arrayContaining([
        'http_request_duration_seconds_count',
        'http_request_duration_seconds_bucket',
        'profile_cache_hits_total',
        'profile_cache_misses_total',
        'profile_cache_entries',
        'profile_cache_evictions_total',
        'profile_cache_expirations_total',
        'outbox_pending',
        'outbox_lag_seconds',
        'tasks_processed_total',
        'task_start_lateness_seconds_bucket',
        'rabbitmq_detailed_queue_messages',
        'rabbitmq_detailed_queue_messages_ready',
        'container_cpu_usage_seconds_total',
        'container_memory_working_set_bytes',
      ]),
    );
    const logs = dashboardQueries('loki');
    expect(logs.some((q) => q.expr.includes('requestId') && q.expr.includes('correlationId'))).toBe(
      true,
    );
  });
});

describe('logs', () => {
  const fluentBit = parse(configFile('fluent-bit-config', 'fluent-bit.yaml')) as {
    service: { http_port: number };
    pipeline: {
      inputs: Array<{ name: string; path: string }>;
      outputs: Array<{
        name: string;
        host: string;
        port: number;
        labels: string;
        structured_metadata: string;
      }>;
    };
  };
  const loki = parse(configFile('loki-config', 'loki.yaml')) as {
    common: { path_prefix: string };
    schema_config: { configs: Array<{ schema: string; store: string }> };
    limits_config: { allow_structured_metadata: boolean };
  };

  it('tails the container logs of the stack’s and the overlay’s namespaces', () => {
    const tail = fluentBit.pipeline.inputs.find((input) => input.name === 'tail')!;
    expect(tail.path.split(',')).toEqual([
      '/var/log/containers/*_profile_*.log',
      '/var/log/containers/*_profile-monitoring_*.log',
    ]);
    expect(portNamed(containerOf('fluent-bit'), 'http')).toBe(fluentBit.service.http_port);
  });

  it('pushes to the Loki Service, with the request and correlation ids as structured metadata', () => {
    const output = fluentBit.pipeline.outputs.find((o) => o.name === 'loki')!;
    const [service, namespace] = output.host.split('.');
    expect(named(overlay, 'Service', service, namespace)?.spec.ports[0].port).toBe(output.port);
    const metadata = output.structured_metadata
      .split(',')
      .map((entry) => entry.trim().split('=')[0]);
    expect(metadata).toEqual(expect.arrayContaining(['requestId', 'correlationId']));
    expect(loki.limits_config.allow_structured_metadata).toBe(true);
    expect(loki.schema_config.configs.every((c) => c.schema === 'v13' && c.store === 'tsdb')).toBe(
      true,
    );
  });

  it('keeps Loki’s data where its claim is mounted', () => {
    const mounts = containerOf('loki').volumeMounts!;
    expect(mounts).toContainEqual(
      expect.objectContaining({ name: 'data', mountPath: loki.common.path_prefix }),
    );
  });

  it('reads the pods’ metadata of exactly the namespaces it tails', () => {
    const roles = overlay.filter(
      (o) => o.kind === 'RoleBinding' && o.metadata.name === 'fluent-bit',
    );
    expect(roles.map((role) => role.metadata.namespace).sort()).toEqual([
      'profile',
      'profile-monitoring',
    ]);
  });
});

describe('monitoring network policies', () => {
  const objects = [...stack, ...overlay];
  const rules = new NetworkRules(objects);
  const pods = podEndpoints(objects);
  const reaches = (from: string, to: string, port: number) =>
    rules.reaches(pods[from], to === 'internet' ? EXTERNAL : pods[to], port);

  it('deny everything by default in both namespaces', () => {
    for (const namespace of MONITORING_NAMESPACES) {
      expect(named(overlay, 'NetworkPolicy', 'default-deny', namespace)?.spec).toEqual({
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
      });
    }
  });

  it.each([
    ['prometheus', 'api', 30080, true],
    ['prometheus', 'worker', 30081, true],
    ['prometheus', 'rabbitmq', 15692, true],
    ['prometheus', 'kube-state-metrics', 8080, true],
    ['prometheus', 'internet', 443, true],
    ['kube-state-metrics', 'internet', 6443, true],
    ['grafana', 'prometheus', 9090, true],
    ['grafana', 'loki', 3100, true],
    ['fluent-bit', 'loki', 3100, true],
    ['fluent-bit', 'internet', 443, true],
    ['prometheus', 'rabbitmq', 5672, false],
    ['prometheus', 'postgres', 5432, false],
    ['prometheus', 'redis', 6379, false],
    ['prometheus', 'web', 3000, false],
    ['prometheus', 'loki', 3100, false],
    ['api', 'rabbitmq', 15692, false],
    ['worker', 'rabbitmq', 15692, false],
    ['web', 'prometheus', 9090, false],
    ['api', 'loki', 3100, false],
    ['api', 'grafana', 3000, false],
    ['grafana', 'api', 30080, false],
    ['grafana', 'internet', 443, false],
    ['loki', 'internet', 443, false],
    ['loki', 'api', 30080, false],
    ['fluent-bit', 'prometheus', 9090, false],
    ['fluent-bit', 'api', 30080, false],
    ['kube-state-metrics', 'api', 30080, false],
  ])('%s → %s:%d allowed: %s', (from, to, port, expected) => {
    expect(reaches(from, to, port)).toBe(expected);
  });
});
