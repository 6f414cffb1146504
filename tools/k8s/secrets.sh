#!/usr/bin/env bash
# `secrets.sh [NAMESPACE]`: generates the Secrets named in k8s/simple/secrets.spec.json (random
# values made once, kept in k8s/simple/.secrets/, which git ignores) and applies those of one
# namespace: profile (the stack, the default) or profile-monitoring (the monitoring overlay), which
# must exist. Never printed, never committed.
set -euo pipefail
# shellcheck source=tools/k8s/lib.sh
. "$(dirname "$0")/lib.sh"
require kubectl node

namespace=${1:-$NAMESPACE}
say "▸ secrets of namespace $namespace (k8s/simple/secrets.spec.json → k8s/simple/.secrets/)"
listing=$(node "$ROOT/tools/k8s/secrets.mjs" "$SECRETS_DIR")
applied=0
while read -r secret_namespace name; do
  [ "$secret_namespace" = "$namespace" ] || continue
  # Labelled part-of its namespace: profile for the stack, profile-monitoring for the overlay.
  kubectl create secret generic "$name" --namespace "$namespace" --from-env-file="$SECRETS_DIR/$name.env" \
    --dry-run=client -o json |
    kubectl label --local -f - -o json "app.kubernetes.io/part-of=$namespace" |
    kubectl --context "$KUBE_CONTEXT" --namespace "$namespace" apply -f -
  applied=$((applied + 1))
done <<<"$listing"
((applied > 0)) || fail "secrets.spec.json has no Secret for namespace $namespace"
