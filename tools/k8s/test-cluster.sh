#!/usr/bin/env bash
# `make test-cluster`: the api's smoke suite (apps/api/test-cluster) against the stack that
# `make start` deployed, on the host ports Kind maps, with the api keys read from the cluster.
set -euo pipefail
# shellcheck source=tools/k8s/lib.sh
. "$(dirname "$0")/lib.sh"
require kubectl cluster node
"$ROOT/tools/node/dependencies.sh"

api_keys=$(kc get secret api-secrets -o jsonpath='{.data.API_KEYS}' | base64 -d)
[ -n "$api_keys" ] || fail "the Secret api-secrets has no API_KEYS: run \`make start\`"
cd "$ROOT"
CLUSTER_API_KEYS=$api_keys npx jest --config apps/api/test-cluster/jest.config.cjs --ci
