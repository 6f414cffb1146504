#!/usr/bin/env bash
# Installs metrics-server (k8s/simple/metrics-server: the pinned release, written out in the
# repository, patched for Kind) so that the HorizontalPodAutoscalers of the api and the worker get
# CPU metrics. Optional: nothing waits on it, and it never stops a start. Until it runs (its image
# is pulled by the node, which needs the network once), the autoscalers hold their minimum replicas.
# A Metrics API that something else serves (a real cluster's own metrics-server) is left alone.
set -euo pipefail
# shellcheck source=tools/k8s/lib.sh
. "$(dirname "$0")/lib.sh"
require kubectl

say "▸ metrics-server (for the autoscalers; optional)"
served_by=$(kubectl --context "$KUBE_CONTEXT" get apiservice v1beta1.metrics.k8s.io --ignore-not-found \
  -o jsonpath='{.spec.service.namespace}/{.spec.service.name}' 2>/dev/null || true)
if [ -n "$served_by" ] && [ "$served_by" != kube-system/metrics-server ]; then
  say "✓ the Metrics API is served by $served_by already: left alone"
  exit 0
fi
if kubectl --context "$KUBE_CONTEXT" apply -k "$ROOT/k8s/simple/metrics-server" -o name; then
  say "✓ metrics-server applied (not waited for: the autoscalers use it once it runs)"
else
  say "⚠ metrics-server could not be applied: the stack starts without it, and the autoscalers keep their minimum replicas" >&2
fi
