#!/usr/bin/env bash
# `deploy.sh <step>`: applies one step of the stack and waits until it is ready (at most
# K8S_WAIT_SECONDS, 300 s), printing one progress line per step. `make start` runs the steps in
# start order: namespace, then (after the secrets) postgres redis rabbitmq migrate api worker web.
# The manifests come from tools/k8s/render.mjs (k8s/simple with the built image tag); a step is the
# set of objects carrying its labels.
set -euo pipefail
# shellcheck source=tools/k8s/lib.sh
. "$(dirname "$0")/lib.sh"
require kubectl node

STEPS=(postgres redis rabbitmq migrate api worker web)
step=${1:-}
case $step in
  namespace) selector=app.kubernetes.io/name=profile ;;
  postgres | redis | rabbitmq | worker | web) selector=app.kubernetes.io/name=$step ;;
  # The api's settings and network policy come with its migration Job; its pods come next.
  migrate) selector='app.kubernetes.io/name=api,app.kubernetes.io/component!=server' ;;
  api) selector=app.kubernetes.io/name=api ;;
  *) fail "usage: deploy.sh namespace|postgres|redis|rabbitmq|migrate|api|worker|web" ;;
esac

position=""
for i in "${!STEPS[@]}"; do [ "${STEPS[$i]}" = "$step" ] && position=" ($((i + 1))/${#STEPS[@]})"; done
say "▸ $step$position: applying, then waiting up to ${WAIT_SECONDS}s"

tag=$("$ROOT/tools/k8s/image-tag.sh")
rendered=$(mktemp)
trap 'rm -f "$rendered"' EXIT
node "$ROOT/tools/k8s/render.mjs" --tag "$tag" ${IMAGE_REGISTRY:+--registry "$IMAGE_REGISTRY"} >"$rendered"
applied_names=$(kubectl --context "$KUBE_CONTEXT" apply --selector "$selector" -f "$rendered" -o name)
# shellcheck disable=SC2206 # object names (kind/name) are single words; no mapfile in macOS's bash 3.2
applied=($applied_names)

started=$SECONDS
wait_job() {
  local job=$1 deadline=$((SECONDS + WAIT_SECONDS)) conditions
  while :; do
    conditions=$(kc get "$job" -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type} {end}')
    case " $conditions" in
      *" Complete "*) return 0 ;;
      *" Failed "*)
        kc logs "$job" --tail=30 >&2 || true
        fail "$job failed: see above, or \`make logs COMPONENT=migrate\`"
        ;;
    esac
    if ((SECONDS > deadline)); then
      kc describe "$job" >&2 || true
      fail "$job did not complete within ${WAIT_SECONDS}s"
    fi
    say "  … $job running ($((SECONDS - started))s)"
    sleep 5
  done
}

for object in "${applied[@]}"; do
  case $object in
    deployment.apps/* | statefulset.apps/*)
      if ! kc rollout status "$object" --timeout="${WAIT_SECONDS}s"; then
        kc get pods --selector "$selector" >&2 || true
        fail "$object was not ready within ${WAIT_SECONDS}s: \`make status\`, \`make logs COMPONENT=$step\`"
      fi
      ;;
    job.batch/*) wait_job "$object" ;;
  esac
done
say "✓ $step ready ($((SECONDS - started))s)"
