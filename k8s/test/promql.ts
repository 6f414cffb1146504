// What the dashboards and alert rules query: their PromQL expressions, parsed with Prometheus's own
// grammar (@prometheus-io/lezer-promql), down to the metrics they select, the labels they match on
// and the labels they group by.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';
import { MONITORING } from './stack';

export const RULES_FILE = join(MONITORING, 'prometheus/rules/alerts.yaml');
export const DASHBOARDS_DIR = join(MONITORING, 'grafana/dashboards');

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

export interface Query {
  /** Where the expression comes from: `dashboard <file>: <panel>` or `alert <name>`. */
  source: string;
  expr: string;
}

interface Target {
  expr?: string;
  datasource?: { uid?: string };
}
interface Panel {
  title: string;
  datasource?: { uid?: string };
  targets?: Target[];
  panels?: Panel[];
}
export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; datasource?: { uid?: string } }> };
}

export const dashboardFiles = (): string[] =>
  readdirSync(DASHBOARDS_DIR).filter((file) => file.endsWith('.json'));

export const readDashboard = (file: string): Dashboard =>
  JSON.parse(readFileSync(join(DASHBOARDS_DIR, file), 'utf8')) as Dashboard;

/** Every panel of a dashboard, those inside rows included. */
export const panelsOf = (dashboard: Dashboard): Panel[] =>
  dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);

/** The queries of the dashboards' panels against a data source (`prometheus` or `loki`). */
export function dashboardQueries(datasource: string): Query[] {
  return dashboardFiles().flatMap((file) =>
    panelsOf(readDashboard(file)).flatMap((panel) =>
      (panel.targets ?? [])
        .filter((target) => (target.datasource ?? panel.datasource)?.uid === datasource)
        .map((target) => ({
          source: `dashboard ${file}: ${panel.title}`,
          expr: target.expr ?? '',
        })),
    ),
  );
}

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export const alertRules = (): AlertRule[] =>
  (
    parse(readFileSync(RULES_FILE, 'utf8')) as { groups: Array<{ rules: AlertRule[] }> }
  ).groups.flatMap((group) => group.rules);

export const ruleQueries = (): Query[] =>
  alertRules().map((rule) => ({ source: `alert ${rule.alert}`, expr: rule.expr }));

/** Grafana's interval variables as a duration PromQL accepts; other variables sit in strings. */
const GRAFANA_DURATIONS = /\$__(rate_interval|interval|range)\b/g;

export interface Selector {
  metric: string;
  /** Label names of the selector's matchers. */
  matchers: string[];
}

export interface ParsedQuery {
  selectors: Selector[];
  /** Each `by (…)` clause with the metrics its aggregation reads. */
  groupings: Array<{ labels: string[]; metrics: string[] }>;
}

/** Parses a query; throws with the position of the first syntax error. */
export function parseQuery(expr: string): ParsedQuery {
  const text = expr.replace(GRAFANA_DURATIONS, '5m');
  const tree = parser.parse(text);
  const nodeText = (node: SyntaxNode) => text.slice(node.from, node.to);
  const selectors: Selector[] = [];
  const groupings: ParsedQuery['groupings'] = [];
  const metricsUnder = (node: SyntaxNode): string[] =>
    descendants(node, 'VectorSelector').flatMap((selector) =>
      selector.getChildren('Identifier').map(nodeText),
    );

  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError) {
        throw new Error(`PromQL syntax error at ${ref.from} in: ${text}`);
      }
      if (ref.name === 'VectorSelector') {
        const identifier = ref.node.getChild('Identifier');
        if (!identifier) return;
        const matchers = descendants(ref.node, 'LabelName').map(nodeText);
        selectors.push({ metric: nodeText(identifier), matchers });
      }
      if (ref.name === 'AggregateExpr') {
        const modifier = ref.node.getChild('AggregateModifier');
        if (modifier?.getChild('By')) {
          const labels = descendants(modifier, 'LabelName').map(nodeText);
          const body = ref.node.getChild('FunctionCallBody');
          groupings.push({ labels, metrics: body ? metricsUnder(body) : [] });
        }
      }
    },
  });
  return { selectors, groupings };
}

function descendants(node: SyntaxNode, name: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name === name) found.push(child);
    found.push(...descendants(child, name));
  }
  return found;
}
