#!/usr/bin/env bash
# Installs metrics-server (k8s/simple/metrics-server: a pinned release, patched for Kind) so that
# the HorizontalPodAutoscalers of the api and the worker get CPU metrics. Nothing waits on it:
# the autoscalers hold their minimum replicas until metrics arrive.
set -euo pipefail
# shellcheck source=tools/k8s/lib.sh
. "$(dirname "$0")/lib.sh"
require kubectl

say "▸ metrics-server (for the autoscalers)"
kubectl --context "$KUBE_CONTEXT" apply -k "$ROOT/k8s/simple/metrics-server"
