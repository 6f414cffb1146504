#!/usr/bin/env bash
# `make clean`: deletes the stack's namespace and the monitoring overlay's (the stack, the
# overlay, their data and Secrets, and the overlay's cluster-wide roles), the generated Secret
# values and the local build output; the Kind cluster stays.
# `make clean-all` (`clean.sh all`): also deletes the Kind cluster, the profile/* images and the
# node_modules and Nx caches (`make start` or `make dev` installs them again).
set -euo pipefail
# shellcheck source=tools/k8s/lib.sh
. "$(dirname "$0")/lib.sh"

if command -v kubectl >/dev/null && kubectl config get-contexts -o name 2>/dev/null | grep -qx "$KUBE_CONTEXT"; then
  for namespace in "$MONITORING_NAMESPACE" "$LOGGING_NAMESPACE" "$NAMESPACE"; do
    kubectl --context "$KUBE_CONTEXT" get namespace "$namespace" >/dev/null 2>&1 || continue
    say "▸ deleting namespace $namespace (workloads, volumes, Secrets)"
    kubectl --context "$KUBE_CONTEXT" delete namespace "$namespace" --wait=true --timeout="${WAIT_SECONDS}s"
  done
  kubectl --context "$KUBE_CONTEXT" delete clusterroles,clusterrolebindings \
    --selector "app.kubernetes.io/part-of=$MONITORING_PART_OF" --ignore-not-found
fi
say "▸ removing generated Secret values and build output"
rm -rf "$SECRETS_DIR" "$ROOT/dist" "$ROOT/apps/web/.next"

if [ "${1:-}" = all ]; then
  if command -v kind >/dev/null; then "$ROOT/tools/k8s/cluster.sh" delete; fi
  if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
    images=$(docker image ls --format '{{.Repository}}:{{.Tag}}' | grep -E '^profile/(api|worker|web):' || true)
    if [ -n "$images" ]; then
      say "▸ removing the images profile/api|worker|web"
      # shellcheck disable=SC2086 # one image reference per word
      docker image rm $images
    fi
  fi
  say "▸ removing node_modules and the Nx cache"
  rm -rf "$ROOT/node_modules" "$ROOT/.nx"
fi
