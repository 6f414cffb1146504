import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderBase, renderMonitoring, ROOT, secretNamespace, secretsSpec } from './stack';
import { FakeCluster, type KubectlEntry as Entry } from './support/fake-cluster';

// tools/k8s run against a fake kubectl (support/fake-kubectl.mjs) that records what would reach
// the cluster: which objects each step applies, and what it waits for.
const TAG = '0a1b2c3d4e5f';
const cluster = new FakeCluster();

function attempt(script: string, args: string[], env: Record<string, string> = {}) {
  return cluster.run(join(ROOT, 'tools/k8s', script), args, ROOT, { IMAGE_TAG: TAG, ...env });
}

function run(script: string, ...args: string[]): Entry[] {
  const result = attempt(script, args);
  if (result.status !== 0) throw new Error(`${script} ${args.join(' ')} failed:\n${result.output}`);
  return result.kubectl;
}

afterAll(() => cluster.remove());

describe('tools/k8s/deploy.sh', () => {
  const everything = renderBase().map((o) => `${o.kind}/${o.metadata.name}`);
  const steps = ['namespace', 'postgres', 'redis', 'rabbitmq', 'migrate', 'api', 'worker', 'web'];
  const runs = Object.fromEntries(steps.map((step) => [step, run('deploy.sh', step)]));
  const applied = (step: string) =>
    runs[step].flatMap((entry) => (entry.command === 'apply' ? entry.names : []));
  const waited = (step: string) =>
    runs[step].flatMap((entry) =>
      entry.command === 'rollout' || entry.command === 'get-job' ? [entry.target] : [],
    );

  it('applies every object of the stack in one of the steps', () => {
    const kinds: Record<string, string> = {
      namespace: 'Namespace',
      configmap: 'ConfigMap',
      service: 'Service',
      'deployment.apps': 'Deployment',
      'statefulset.apps': 'StatefulSet',
      'job.batch': 'Job',
      'horizontalpodautoscaler.autoscaling': 'HorizontalPodAutoscaler',
      'poddisruptionbudget.policy': 'PodDisruptionBudget',
      'networkpolicy.networking.k8s.io': 'NetworkPolicy',
    };
    const all = new Set(
      steps.flatMap(applied).map((name) => {
        const [kind, object] = name.split('/');
        return `${kinds[kind]}/${object.replace('api-migrate-0a1b2c3d4e5f', 'api-migrate')}`;
      }),
    );
    expect([...all].sort()).toEqual([...everything].sort());
  });

  it('brings up the namespace and its default rules first, without workloads', () => {
    expect(applied('namespace').sort()).toEqual([
      'namespace/profile',
      'networkpolicy.networking.k8s.io/allow-dns',
      'networkpolicy.networking.k8s.io/default-deny',
    ]);
    expect(waited('namespace')).toEqual([]);
  });

  it.each([
    ['postgres', ['statefulset.apps/postgres']],
    ['redis', ['deployment.apps/redis']],
    ['rabbitmq', ['statefulset.apps/rabbitmq']],
    ['migrate', ['job.batch/api-migrate-0a1b2c3d4e5f']],
    ['api', ['deployment.apps/api', 'job.batch/api-migrate-0a1b2c3d4e5f']],
    ['worker', ['deployment.apps/worker']],
    ['web', ['deployment.apps/web']],
  ])('applies %s and waits for %j', (step, workloads) => {
    expect(waited(step).sort()).toEqual([...workloads].sort());
  });

  it('waits in the stack’s namespace', () => {
    const namespaces = new Set(
      steps.flatMap((step) =>
        runs[step].flatMap((entry) =>
          entry.command === 'rollout' || entry.command === 'get-job' ? [entry.namespace] : [],
        ),
      ),
    );
    expect([...namespaces]).toEqual(['profile']);
  });

  it('runs the migrations with the api settings and network policy, before any api pod', () => {
    expect(applied('migrate').sort()).toEqual([
      'configmap/api-config',
      'job.batch/api-migrate-0a1b2c3d4e5f',
      'networkpolicy.networking.k8s.io/api',
    ]);
  });
});

describe('tools/k8s/deploy.sh for the monitoring overlay', () => {
  const everything = renderMonitoring().map((o) => `${o.kind}/${o.metadata.name}`);
  const namespaceStep = run('deploy.sh', 'monitoring-namespace');
  const overlay = run('deploy.sh', 'monitoring');
  const applied = (entries: Entry[]) =>
    entries.flatMap((entry) => (entry.command === 'apply' ? entry.names : []));
  const waited = (entries: Entry[]) =>
    entries.flatMap((entry) =>
      entry.command === 'rollout' ? [`${entry.namespace} ${entry.target}`] : [],
    );

  it('creates the namespaces and their default rules first, without workloads', () => {
    expect(applied(namespaceStep).sort()).toEqual([
      'namespace/profile-logging',
      'namespace/profile-monitoring',
      'networkpolicy.networking.k8s.io/allow-dns',
      'networkpolicy.networking.k8s.io/allow-dns',
      'networkpolicy.networking.k8s.io/default-deny',
      'networkpolicy.networking.k8s.io/default-deny',
    ]);
    expect(waited(namespaceStep)).toEqual([]);
  });

  it('applies every object of the overlay, and only those', () => {
    const kindAndName = (name: string) =>
      `${name.split('/')[0].split('.')[0]}/${name.split('/')[1]}`;
    expect(applied(overlay).map(kindAndName).sort()).toEqual(
      everything.map((name) => name.replace(/^\w+/, (kind) => kind.toLowerCase())).sort(),
    );
  });

  it('waits for each workload in its own namespace', () => {
    expect(waited(overlay).sort()).toEqual([
      'profile-logging daemonset.apps/fluent-bit',
      'profile-monitoring deployment.apps/grafana',
      'profile-monitoring deployment.apps/kube-state-metrics',
      'profile-monitoring statefulset.apps/loki',
      'profile-monitoring statefulset.apps/prometheus',
    ]);
  });
});

describe('tools/k8s/secrets.sh', () => {
  const spec = secretsSpec();
  const first = [...run('secrets.sh'), ...run('secrets.sh', 'profile-monitoring')];
  const second = [...run('secrets.sh'), ...run('secrets.sh', 'profile-monitoring')];
  const appliedSecrets = (entries: Entry[]) =>
    entries.flatMap((entry) =>
      entry.command === 'apply-stdin' && entry.object.kind === 'Secret' ? [entry.object] : [],
    );
  const secrets = (entries: Entry[]) =>
    Object.fromEntries(
      appliedSecrets(entries).map((secret) => [secret.metadata.name, secret.data]),
    ) as Record<string, Record<string, string>>;
  const decoded = (value: string) => Buffer.from(value, 'base64').toString('utf8');

  it('applies every Secret of the spec with exactly its keys, in its namespace', () => {
    const applied = secrets(first);
    expect(Object.keys(applied).sort()).toEqual(Object.keys(spec.secrets).sort());
    for (const [name, keys] of Object.entries(spec.secrets)) {
      expect([name, Object.keys(applied[name]).sort()]).toEqual([name, Object.keys(keys).sort()]);
    }
    for (const secret of appliedSecrets(first)) {
      const namespace = secretNamespace(spec, secret.metadata.name);
      expect([secret.metadata.name, secret.metadata.namespace]).toEqual([
        secret.metadata.name,
        namespace,
      ]);
      expect(secret.metadata.labels['app.kubernetes.io/part-of']).toBe(namespace);
    }
  });

  it('applies only the Secrets of the namespace it is given', () => {
    const names = (entries: Entry[]) => appliedSecrets(entries).map((s) => s.metadata.name);
    expect(names(run('secrets.sh', 'profile-monitoring'))).toEqual(['grafana-credentials']);
    expect(names(run('secrets.sh'))).not.toContain('grafana-credentials');
  });

  it('fails for a namespace without Secrets', () => {
    expect(() => run('secrets.sh', 'kube-system')).toThrow(/no Secret for namespace kube-system/);
  });

  it('fills in random values, keeps them across runs, and keeps the files private', () => {
    expect(secrets(second)).toEqual(secrets(first));
    const values = readFileSync(join(cluster.dir, 'secrets/values.json'), 'utf8');
    expect(values).not.toMatch(/\$\{/);
    expect(statSync(join(cluster.dir, 'secrets/values.json')).mode & 0o777).toBe(0o600);
  });

  it('builds API_KEYS as name:scope:secret entries with an admin key', () => {
    const keys = decoded(secrets(first)['api-secrets']['API_KEYS']).split(',');
    expect(keys.map((key) => key.split(':').slice(0, 2).join(':'))).toEqual([
      'admin:admin',
      'worker:write/60000',
    ]);
    for (const key of keys) expect(key.split(':')[2]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the apps URLs whose passwords are those of the data services', () => {
    const applied = secrets(first);
    const password = decoded(applied['postgres-credentials']['POSTGRES_PASSWORD']);
    expect(new URL(decoded(applied['api-secrets']['DATABASE_URL'])).password).toBe(password);
    const amqp = decoded(applied['rabbitmq-credentials']['RABBITMQ_DEFAULT_PASS']);
    expect(new URL(decoded(applied['worker-secrets']['RABBITMQ_URL'])).password).toBe(amqp);
  });
});

describe('tools/k8s/image-tag.sh', () => {
  it('tags with the commit, marking a dirty tree with a hash of its changes', () => {
    const tag = execFileSync(join(ROOT, 'tools/k8s/image-tag.sh'), {
      encoding: 'utf8',
      env: { ...process.env, IMAGE_TAG: '' },
    }).trim();
    const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    expect(tag).toMatch(new RegExp(`^${commit}(-dirty-[0-9a-f]{8})?$`));
  });

  it('takes IMAGE_TAG as given', () => {
    expect(
      execFileSync(join(ROOT, 'tools/k8s/image-tag.sh'), {
        encoding: 'utf8',
        env: { ...process.env, IMAGE_TAG: '1.4.0' },
      }),
    ).toBe('1.4.0\n');
  });
});

describe('tools/k8s/deploy.sh and the migration Job', () => {
  const job = `job.batch/api-migrate-${TAG}`;
  let own: FakeCluster;
  beforeEach(() => (own = new FakeCluster()));
  afterEach(() => own.remove());

  const deploy = (outcome: 'Complete' | 'Failed' = 'Complete') =>
    own.run(join(ROOT, 'tools/k8s/deploy.sh'), ['migrate'], ROOT, {
      IMAGE_TAG: TAG,
      FAKE_JOB_OUTCOME: outcome,
    });
  const changes = (entries: Entry[]) =>
    entries.flatMap((entry) => {
      if (entry.command === 'delete') return [`delete ${entry.target} cascade=${entry.cascade}`];
      if (entry.command === 'apply-rejected') return [`rejected ${entry.name}`];
      if (entry.command === 'apply') return entry.names.filter((name) => name.startsWith('job'));
      return [];
    });
  const conditions = () =>
    (
      own.objects()[`profile ${job}`] as { status?: { conditions: Array<{ type: string }> } }
    ).status?.conditions.map((condition) => condition.type);

  it('stops the start when the migrations fail, and runs them again on the next start', () => {
    const failed = deploy('Failed');
    expect(failed.status).not.toBe(0);
    expect(failed.output).toContain(`${job} failed`);
    expect(failed.output).toContain('the next `make start` runs it again');
    expect(conditions()).toEqual(['Failed']);

    const again = deploy('Complete');
    expect([again.status, again.output]).toEqual([0, expect.stringContaining('✓ migrate ready')]);
    expect(again.output).toContain('failed before: deleting it to run it again');
    expect(changes(again.kubectl)).toEqual([`delete ${job} cascade=foreground`, job]);
    expect(conditions()).toEqual(['Complete']);
  });

  it('leaves a Job that ran the same template alone', () => {
    expect(deploy().status).toBe(0);
    const second = deploy();
    expect(second.status).toBe(0);
    expect(changes(second.kubectl)).toEqual([job]);
  });

  it('replaces a Job that holds another template under the same name (an edit, IMAGE_TAG kept)', () => {
    expect(deploy().status).toBe(0);
    // The Job as an earlier render made it: another setting in its pod, another hash.
    const state = own.objects();
    const live = state[`profile ${job}`];
    live.metadata.annotations = { 'profile/template-hash': '0000000000000000' };
    live.spec.template.spec.containers[0].env = [{ name: 'DB_POOL_SIZE', value: '3' }];
    writeFileSync(own.kubectlState, JSON.stringify(state));

    const second = deploy();
    expect(second.status).toBe(0);
    expect(second.output).toContain('holds another pod template: deleting it');
    expect(changes(second.kubectl)).toEqual([`delete ${job} cascade=foreground`, job]);
  });

  it('is refused by the API server without that, as the fake checks', () => {
    expect(deploy().status).toBe(0);
    const state = own.objects();
    state[`profile ${job}`].spec.template.spec.containers[0].env = [{ name: 'X', value: '1' }];
    writeFileSync(own.kubectlState, JSON.stringify(state));
    const rendered = execFileSync(
      process.execPath,
      [join(ROOT, 'tools/k8s/render.mjs'), '--tag', TAG],
      { encoding: 'utf8' },
    );
    writeFileSync(join(own.dir, 'rendered.json'), rendered);
    const apply = own.run(
      'kubectl',
      [
        'apply',
        '--selector',
        'app.kubernetes.io/component=migrate',
        '-f',
        join(own.dir, 'rendered.json'),
      ],
      ROOT,
    );
    expect(apply.status).not.toBe(0);
    expect(apply.output).toContain('field is immutable');
  });
});

describe('tools/k8s/deploy.sh with K8S_OVERLAY=production', () => {
  const production = { K8S_OVERLAY: 'production' };
  const runProduction = (step: string) => {
    const result = attempt('deploy.sh', [step], production);
    expect([step, result.status]).toEqual([step, 0]);
    return result.kubectl.flatMap((entry) =>
      entry.command === 'wait'
        ? [`${entry.target} ${entry.condition}`]
        : entry.command === 'rollout' || entry.command === 'get-job'
          ? [entry.target]
          : [],
    );
  };

  it.each([
    ['postgres', ['cluster.postgresql.cnpg.io/postgres condition=Ready']],
    ['rabbitmq', ['rabbitmqcluster.rabbitmq.com/rabbitmq condition=AllReplicasReady']],
    ['redis', ['statefulset.apps/redis', `job.batch/redis-cluster-create-${TAG}`]],
    ['api', ['deployment.apps/api', `job.batch/api-migrate-${TAG}`]],
  ])('waits for %s as its operator reports it ready', (step, waits) => {
    expect(runProduction(step).sort()).toEqual([...waits].sort());
  });

  it('refuses an overlay that does not exist', () => {
    const result = attempt('deploy.sh', ['api'], { K8S_OVERLAY: 'staging' });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('no overlay k8s/staging');
  });
});

describe('tools/k8s/metrics-server.sh', () => {
  it('applies the manifests of the repository, which name nothing to download', () => {
    const result = attempt('metrics-server.sh', []);
    expect(result.status).toBe(0);
    expect(result.kubectl).toContainEqual({
      command: 'other',
      args: expect.arrayContaining(['apply', '-k', join(ROOT, 'k8s/simple/metrics-server')]),
    });
    const kustomization = readFileSync(
      join(ROOT, 'k8s/simple/metrics-server/kustomization.yaml'),
      'utf8',
    );
    expect(kustomization).not.toMatch(/https?:\/\//);
  });

  it('never stops a start: a failed apply is a warning', () => {
    const result = attempt('metrics-server.sh', [], { FAKE_KUBECTL_FAIL: 'apply -k' });
    expect(result.status).toBe(0);
    expect(result.output).toContain('metrics-server could not be applied');
  });
});
