// Evaluates NetworkPolicies the way Kubernetes does, for the checks of who may reach whom: a pod
// isolated for a direction (some policy of its namespace selects it for it) accepts only what one
// of those policies allows; a connection needs the sender's egress and the receiver's ingress.
// Peers: podSelector (the policy's namespace), namespaceSelector (every pod there), both (pods of
// those namespaces), or no peer list at all (anything). Namespaces carry their name as the label
// kubernetes.io/metadata.name, as the API server sets it. EXTERNAL stands for any address outside
// the pods (the API server behind its Service, the internet): only peer-less rules or ipBlocks
// reach it.
import { type K8sObject, workloads } from './stack';

type Selector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
};
type Peer = { podSelector?: Selector; namespaceSelector?: Selector; ipBlock?: { cidr: string } };
type Rule = { from?: Peer[]; to?: Peer[]; ports?: Array<{ port: number; protocol?: string }> };

export interface Endpoint {
  namespace: string;
  labels: Record<string, string>;
}
export const EXTERNAL: Endpoint = { namespace: '', labels: {} };

const NAMESPACE_LABEL = 'kubernetes.io/metadata.name';

function selects(selector: Selector, labels: Record<string, string>): boolean {
  return (
    Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value) &&
    (selector.matchExpressions ?? []).every((expression) => {
      if (expression.operator === 'In') return expression.values!.includes(labels[expression.key]);
      if (expression.operator === 'NotIn')
        return !expression.values!.includes(labels[expression.key]);
      if (expression.operator === 'Exists') return expression.key in labels;
      if (expression.operator === 'DoesNotExist') return !(expression.key in labels);
      throw new Error(`unknown selector operator ${expression.operator}`);
    })
  );
}

function peerMatches(peer: Peer, policyNamespace: string, other: Endpoint): boolean {
  if (other === EXTERNAL) return peer.ipBlock !== undefined;
  if (peer.ipBlock) return false;
  const namespaceMatches = peer.namespaceSelector
    ? selects(peer.namespaceSelector, { [NAMESPACE_LABEL]: other.namespace })
    : other.namespace === policyNamespace;
  return namespaceMatches && selects(peer.podSelector ?? {}, other.labels);
}

function ruleAllows(
  rule: Rule,
  peers: Peer[] | undefined,
  ns: string,
  other: Endpoint,
  port: number,
) {
  const portMatches = rule.ports === undefined || rule.ports.some((p) => p.port === port);
  const peerAllowed = peers === undefined || peers.some((peer) => peerMatches(peer, ns, other));
  return portMatches && peerAllowed;
}

export class NetworkRules {
  private readonly policies: K8sObject[];

  constructor(objects: K8sObject[]) {
    this.policies = objects.filter((object) => object.kind === 'NetworkPolicy');
  }

  /** Whether `self` may send to (Egress) or accept from (Ingress) `other` on `port`. */
  allowed(direction: 'Ingress' | 'Egress', self: Endpoint, other: Endpoint, port: number): boolean {
    if (self === EXTERNAL) return true;
    const applying = this.policies.filter(
      (policy) =>
        policy.metadata.namespace === self.namespace &&
        (policy.spec.policyTypes as string[]).includes(direction) &&
        selects(policy.spec.podSelector, self.labels),
    );
    if (applying.length === 0) return true;
    return applying.some((policy) =>
      ((direction === 'Ingress' ? policy.spec.ingress : policy.spec.egress) ?? []).some(
        (rule: Rule) =>
          ruleAllows(
            rule,
            direction === 'Ingress' ? rule.from : rule.to,
            self.namespace,
            other,
            port,
          ),
      ),
    );
  }

  reaches(from: Endpoint, to: Endpoint, port: number): boolean {
    return this.allowed('Egress', from, to, port) && this.allowed('Ingress', to, from, port);
  }
}

/** The pods of the rendered workloads by a short name: the workload's, `migrate` for the api's Job. */
export function podEndpoints(objects: K8sObject[]): Record<string, Endpoint> {
  return Object.fromEntries(
    workloads(objects).map(({ object, labels }) => [
      object.kind === 'Job' && object.metadata.name.startsWith('api-migrate')
        ? 'migrate'
        : object.metadata.name,
      { namespace: object.metadata.namespace!, labels },
    ]),
  );
}
