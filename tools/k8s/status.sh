#!/usr/bin/env bash
# `make status`: the stack's objects in the cluster (and the monitoring overlay's, when deployed)
# and whether the host ports answer.
set -euo pipefail
# shellcheck source=tools/k8s/lib.sh
. "$(dirname "$0")/lib.sh"
require kubectl curl cluster

kc get statefulsets,deployments,jobs,pods,services,hpa,pdb,pvc -o wide
say ""
for namespace in "$MONITORING_NAMESPACE" "$LOGGING_NAMESPACE"; do
  kubectl --context "$KUBE_CONTEXT" get namespace "$namespace" >/dev/null 2>&1 || continue
  say "monitoring overlay, namespace $namespace:"
  kubectl --context "$KUBE_CONTEXT" --namespace "$namespace" get statefulsets,deployments,daemonsets,pods,pvc -o wide
  say ""
done
kc get events --field-selector type=Warning --sort-by=.lastTimestamp 2>/dev/null | tail -n 10 || true
say ""
for url in http://127.0.0.1:30080/health/ready http://127.0.0.1:30081/health/ready http://127.0.0.1:3000/; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" || true)
  say "$url → ${code:-no answer}"
done
