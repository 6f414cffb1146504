#!/usr/bin/env bash
# Generates the Secrets named in k8s/simple/secrets.spec.json (random values made once, kept in
# k8s/simple/.secrets/, which git ignores) and applies them. Never printed, never committed.
set -euo pipefail
# shellcheck source=tools/k8s/lib.sh
. "$(dirname "$0")/lib.sh"
require kubectl node

say "▸ secrets (k8s/simple/secrets.spec.json → k8s/simple/.secrets/)"
node "$ROOT/tools/k8s/secrets.mjs" "$SECRETS_DIR"
for file in "$SECRETS_DIR"/*.env; do
  name=$(basename "$file" .env)
  kubectl create secret generic "$name" --namespace "$NAMESPACE" --from-env-file="$file" \
    --dry-run=client -o yaml |
    kubectl label --local -f - -o yaml app.kubernetes.io/part-of=profile |
    kc apply -f -
done
