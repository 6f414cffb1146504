#!/usr/bin/env bash
# `make stop`: removes the stack's workloads and settings from the cluster, and the monitoring
# overlay's if it is deployed, but keeps the cluster, the data (PersistentVolumeClaims), the Secrets
# and the loaded images, so that `make start` (MONITORING=1) comes back quickly with the same data.
# `make clean` also drops the data; `make clean-all` deletes the cluster.
set -euo pipefail
# shellcheck source=tools/k8s/lib.sh
. "$(dirname "$0")/lib.sh"
require kubectl

if ! kubectl --context "$KUBE_CONTEXT" get namespace "$NAMESPACE" >/dev/null 2>&1; then
  say "nothing to stop: no namespace $NAMESPACE in $KUBE_CONTEXT"
  exit 0
fi
say "▸ stopping the stack (the data, Secrets and the cluster stay)"
kc delete deployments,statefulsets,jobs,services,configmaps,hpa,pdb,networkpolicies \
  --selector app.kubernetes.io/part-of=profile --wait=true --timeout="${WAIT_SECONDS}s"
for namespace in "$MONITORING_NAMESPACE" "$LOGGING_NAMESPACE"; do
  kubectl --context "$KUBE_CONTEXT" get namespace "$namespace" >/dev/null 2>&1 || continue
  say "▸ stopping the monitoring overlay in $namespace (its data and Secret stay)"
  kubectl --context "$KUBE_CONTEXT" --namespace "$namespace" delete \
    deployments,statefulsets,daemonsets,services,configmaps,networkpolicies \
    --selector "app.kubernetes.io/part-of=$MONITORING_PART_OF" --wait=true --timeout="${WAIT_SECONDS}s"
done
# The overlay's rule in the stack's namespace (Prometheus → RabbitMQ's metrics).
kc delete networkpolicies --selector "app.kubernetes.io/part-of=$MONITORING_PART_OF" --ignore-not-found
