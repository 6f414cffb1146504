#!/usr/bin/env bash
# `cluster.sh create`: creates the Kind cluster from k8s/simple/kind-config.yaml unless it exists.
# `cluster.sh delete`: deletes it (its volumes, loaded images and all).
set -euo pipefail
# shellcheck source=tools/k8s/lib.sh
. "$(dirname "$0")/lib.sh"
require docker kind kubectl

case ${1:-} in
  create)
    if cluster_exists; then
      say "✓ Kind cluster $CLUSTER exists"
    else
      say "▸ creating the Kind cluster $CLUSTER (k8s/simple/kind-config.yaml)"
      kind create cluster --name "$CLUSTER" --config "$ROOT/k8s/simple/kind-config.yaml" \
        ${KIND_NODE_IMAGE:+--image "$KIND_NODE_IMAGE"} --wait "${WAIT_SECONDS}s"
    fi
    ;;
  delete)
    if cluster_exists; then
      kind delete cluster --name "$CLUSTER"
    else
      say "no Kind cluster $CLUSTER"
    fi
    ;;
  *) fail "usage: cluster.sh create|delete" ;;
esac
