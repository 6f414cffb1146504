#!/usr/bin/env bash
# `make dashboards`: brings Grafana and Prometheus of the monitoring overlay to localhost until
# Ctrl-C: Grafana http://localhost:3300 (user admin, password from the Secret grafana-credentials),
# Prometheus http://localhost:9090. Both stay ClusterIP Services: kind-config.yaml maps only the
# stack's NodePorts, and a new mapping would need the cluster to be recreated.
set -euo pipefail
# shellcheck source=tools/k8s/lib.sh
. "$(dirname "$0")/lib.sh"
require kubectl cluster
GRAFANA_PORT=${GRAFANA_PORT:-3300}
PROMETHEUS_PORT=${PROMETHEUS_PORT:-9090}

kubectl --context "$KUBE_CONTEXT" get namespace "$MONITORING_NAMESPACE" >/dev/null 2>&1 ||
  fail "no namespace $MONITORING_NAMESPACE: deploy the overlay first (\`make monitoring\`)"
for port in "$GRAFANA_PORT" "$PROMETHEUS_PORT"; do
  port_free "$port" || fail "port $port is in use here: stop what holds it, or set GRAFANA_PORT / PROMETHEUS_PORT"
done

monitoring() { kubectl --context "$KUBE_CONTEXT" --namespace "$MONITORING_NAMESPACE" "$@"; }
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM
monitoring port-forward svc/grafana "$GRAFANA_PORT:3000" & pids+=($!)
monitoring port-forward svc/prometheus "$PROMETHEUS_PORT:9090" & pids+=($!)

cat <<EOF_INFO

  Grafana      http://localhost:$GRAFANA_PORT   user admin, password:
               kubectl --context $KUBE_CONTEXT -n $MONITORING_NAMESPACE get secret grafana-credentials -o jsonpath='{.data.GF_SECURITY_ADMIN_PASSWORD}' | base64 -d
               (also in $SECRETS_DIR/values.json, grafanaAdminPassword)
  Prometheus   http://localhost:$PROMETHEUS_PORT   (/alerts, /targets)
  Ctrl-C stops the forwarding.

EOF_INFO
wait
