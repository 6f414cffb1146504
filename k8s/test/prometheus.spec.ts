// promtool on the monitoring overlay's Prometheus: `check rules`, `check config` and the rules'
// unit tests (`test rules`), plus what promtool cannot see: that every alert has a firing and a
// quiet case, and a runbook entry. promtool comes with Debian's `prometheus` package (.ci/run
// installs it when missing).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { alertRules, RULES_FILE } from './promql';
import { MONITORING, ROOT } from './stack';

const CONFIG_FILE = join(MONITORING, 'prometheus/prometheus.yml');
const UNIT_TESTS = join(__dirname, 'prometheus/alerts.test.yaml');

function promtool(args: string[], cwd?: string): string {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (result.error) {
    throw new Error(`promtool is missing (${result.error.message}): apt-get install prometheus`);
  }
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`promtool ${args.join(' ')} failed:\n${output}`);
  return output;
}

interface ScrapeConfig {
  job_name: string;
  kubernetes_sd_configs?: Array<Record<string, unknown>>;
  static_configs?: Array<{ targets: string[] }>;
  tls_config?: { ca_file?: string };
  authorization?: { credentials_file?: string };
}
interface PrometheusConfig {
  rule_files: string[];
  scrape_configs: ScrapeConfig[];
}

/** Whether this promtool was built with Kubernetes service discovery (Debian's is not). */
function knowsKubernetesDiscovery(scratch: string): boolean {
  const probe = join(scratch, 'probe.yml');
  writeFileSync(
    probe,
    stringify({ scrape_configs: [{ job_name: 'p', kubernetes_sd_configs: [{ role: 'node' }] }] }),
  );
  return spawnSync('promtool', ['check', 'config', '--syntax-only', probe]).status === 0;
}

describe('promtool', () => {
  it('check rules accepts the alert rules', () => {
    expect(promtool(['check', 'rules', RULES_FILE])).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('test rules passes the unit tests of every alert', () => {
    expect(promtool(['test', 'rules', 'alerts.test.yaml'], join(__dirname, 'prometheus'))).toMatch(
      /SUCCESS/,
    );
  });

  it('check config accepts the configuration with its rule files', () => {
    // Checked as deployed, in a scratch copy of /etc/prometheus: the service account's token and
    // CA exist only in the pod, so the copy points at stand-ins; a promtool built without
    // Kubernetes discovery gets a static target in place of each kubernetes_sd_configs (whose
    // shape the next test checks).
    const scratch = mkdtempSync(join(tmpdir(), 'prometheus-config-'));
    try {
      const config = parse(readFileSync(CONFIG_FILE, 'utf8')) as PrometheusConfig;
      const standIn = join(scratch, 'service-account-file');
      writeFileSync(standIn, 'stand-in');
      const kubernetes = knowsKubernetesDiscovery(scratch);
      for (const job of config.scrape_configs) {
        if (job.tls_config?.ca_file) job.tls_config.ca_file = standIn;
        if (job.authorization?.credentials_file) job.authorization.credentials_file = standIn;
        if (job.kubernetes_sd_configs && !kubernetes) {
          delete job.kubernetes_sd_configs;
          job.static_configs = [{ targets: ['stand-in:80'] }];
        }
      }
      writeFileSync(join(scratch, 'prometheus.yml'), stringify(config));
      mkdirSync(join(scratch, 'rules'));
      copyFileSync(RULES_FILE, join(scratch, 'rules/alerts.yaml'));

      const output = promtool(['check', 'config', join(scratch, 'prometheus.yml')]);
      expect(output).toContain('is valid prometheus config file');
      expect(output).toMatch(/rules\/alerts\.yaml[\s\S]*SUCCESS: \d+ rules found/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('Prometheus configuration', () => {
  const config = parse(readFileSync(CONFIG_FILE, 'utf8')) as PrometheusConfig;

  it('discovers targets with well-formed kubernetes_sd_configs: nodes, or endpoint slices of the stack', () => {
    const discovering = config.scrape_configs.filter((job) => job.kubernetes_sd_configs);
    expect(discovering.length).toBeGreaterThan(0);
    for (const job of discovering) {
      for (const discovery of job.kubernetes_sd_configs!) {
        expect([
          job.job_name,
          Object.keys(discovery).every((k) => ['role', 'namespaces'].includes(k)),
        ]).toEqual([job.job_name, true]);
        if (discovery['role'] === 'node') expect(discovery['namespaces']).toBeUndefined();
        else {
          expect([job.job_name, discovery['role']]).toEqual([job.job_name, 'endpointslice']);
          expect(discovery['namespaces']).toEqual({ names: ['profile'] });
        }
      }
    }
  });

  it('reads the rule files that k8s/monitoring mounts beside it', () => {
    expect(config.rule_files).toEqual(['rules/*.yaml']);
  });
});

describe('alert rules', () => {
  const rules = alertRules();
  type Case = { alertname: string; exp_alerts: unknown[] };
  const unitTests = parse(readFileSync(UNIT_TESTS, 'utf8')) as {
    tests: Array<{ alert_rule_test: Case[] }>;
  };
  const cases = unitTests.tests.flatMap((test) => test.alert_rule_test);
  const readme = readFileSync(join(ROOT, 'k8s/README.md'), 'utf8');
  // GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens.
  const anchors = [...readme.matchAll(/^#+ (.+)$/gm)].map(([, heading]) =>
    heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N} -]/gu, '')
      .replace(/ /g, '-'),
  );

  it.each(rules.map((rule) => [rule.alert]))(
    '%s fires in a unit test and stays quiet in another',
    (alert) => {
      const ofAlert = cases.filter((c) => c.alertname === alert);
      expect(ofAlert.some((c) => c.exp_alerts.length > 0)).toBe(true);
      expect(ofAlert.some((c) => c.exp_alerts.length === 0)).toBe(true);
    },
  );

  it.each(rules.map((rule) => [rule.alert, rule] as const))(
    '%s has a severity, a summary and a runbook entry in k8s/README.md',
    (_alert, rule) => {
      expect(['warning', 'critical']).toContain(rule.labels?.['severity']);
      expect(rule.annotations?.['summary']).toBeTruthy();
      const [file, anchor] = (rule.annotations?.['runbook'] ?? '').split('#');
      expect(file).toBe('k8s/README.md');
      expect(anchors).toContain(anchor);
    },
  );

  it('names every alert once', () => {
    const names = rules.map((rule) => rule.alert);
    expect(new Set(names).size).toBe(names.length);
  });

  it('has the alerts an operator of this stack needs', () => {
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'ApiNotReady',
        'ApiHighErrorRatio',
        'ApiHighLatencyP99',
        'OutboxRelayLagging',
        'DeadLettersGrowing',
        'CacheCircuitOpen',
        'WorkerAbsent',
      ]),
    );
  });
});
