#!/usr/bin/env bash
# Prints where the deployed stack answers on this machine, after checking that it does.
set -euo pipefail
# shellcheck source=tools/k8s/lib.sh
. "$(dirname "$0")/lib.sh"
require curl kubectl

for url in http://127.0.0.1:30080/health/ready http://127.0.0.1:30081/health/ready http://127.0.0.1:3000/; do
  if curl -fs -o /dev/null --max-time 5 "$url"; then
    say "✓ $url answers"
  else
    say "✗ $url does not answer yet: \`make status\`"
  fi
done

cat <<BANNER

  Profile platform runs on the Kind cluster "$CLUSTER" (namespace $NAMESPACE)
  ─────────────────────────────────────────────────────────────
  Web console        http://localhost:3000
  API                http://localhost:30080/api/v1
  API docs           http://localhost:30080/docs
  API readiness      http://localhost:30080/health/ready
  Worker readiness   http://localhost:30081/health/ready
  Admin API key      kubectl --context $KUBE_CONTEXT -n $NAMESPACE get secret api-secrets -o jsonpath='{.data.API_KEYS}' | base64 -d
  Data services      make port-forward  (PostgreSQL 5432, Redis 6379, AMQP 5672, RabbitMQ UI 15672)
  Also               make status | make logs COMPONENT=api | make test-cluster | make stop
BANNER
if kubectl --context "$KUBE_CONTEXT" get namespace "$MONITORING_NAMESPACE" >/dev/null 2>&1; then
  say "  Dashboards         make dashboards  (Grafana http://localhost:3300, Prometheus http://localhost:9090)"
else
  say "  Dashboards         make monitoring, then make dashboards"
fi
say ""
