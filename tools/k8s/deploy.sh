#!/usr/bin/env bash
# `deploy.sh <step>`: applies one step of the stack and waits until it is ready (at most
# K8S_WAIT_SECONDS, 300 s), printing one progress line per step. `make start` runs the steps in
# start order: namespace, then (after the secrets) postgres redis rabbitmq migrate api worker web.
# `make monitoring` runs monitoring-namespace, then (after its secrets) monitoring.
# The stack's manifests come from tools/k8s/render.mjs (k8s/simple with the built image tag), the
# monitoring overlay's from k8s/monitoring; a step is the set of objects carrying its labels.
set -euo pipefail
# shellcheck source=tools/k8s/lib.sh
. "$(dirname "$0")/lib.sh"
require kubectl node

STEPS=(postgres redis rabbitmq migrate api worker web)
step=${1:-}
manifests=$ROOT/k8s/simple
case $step in
  namespace) selector=app.kubernetes.io/name=profile ;;
  postgres | redis | rabbitmq | worker | web) selector=app.kubernetes.io/name=$step ;;
  # The api's settings and network policy come with its migration Job; its pods come next.
  migrate) selector='app.kubernetes.io/name=api,app.kubernetes.io/component!=server' ;;
  api) selector=app.kubernetes.io/name=api ;;
  # The overlay's namespaces and their default network rules, before its Secrets.
  monitoring-namespace)
    manifests=$ROOT/k8s/monitoring
    selector=app.kubernetes.io/part-of=$MONITORING_PART_OF,app.kubernetes.io/name=profile-monitoring
    ;;
  monitoring)
    manifests=$ROOT/k8s/monitoring
    selector=app.kubernetes.io/part-of=$MONITORING_PART_OF
    ;;
  *) fail "usage: deploy.sh namespace|postgres|redis|rabbitmq|migrate|api|worker|web|monitoring-namespace|monitoring" ;;
esac

position=""
for i in "${!STEPS[@]}"; do [ "${STEPS[$i]}" = "$step" ] && position=" ($((i + 1))/${#STEPS[@]})"; done
say "▸ $step$position: applying, then waiting up to ${WAIT_SECONDS}s"

tag=$("$ROOT/tools/k8s/image-tag.sh")
rendered=$(mktemp)
trap 'rm -f "$rendered"' EXIT
node "$ROOT/tools/k8s/render.mjs" --tag "$tag" --dir "$manifests" \
  ${IMAGE_REGISTRY:+--registry "$IMAGE_REGISTRY"} >"$rendered"
kubectl --context "$KUBE_CONTEXT" apply --selector "$selector" -f "$rendered" -o name
# One `<namespace> <kind>/<name>` line per workload of the step.
waits=$(node "$ROOT/tools/k8s/workloads.mjs" "$rendered" "$selector")

started=$SECONDS
wait_job() {
  local namespace=$1 job=$2 deadline=$((SECONDS + WAIT_SECONDS)) conditions
  while :; do
    conditions=$(kubectl --context "$KUBE_CONTEXT" --namespace "$namespace" get "$job" \
      -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type} {end}')
    case " $conditions" in
      *" Complete "*) return 0 ;;
      *" Failed "*)
        kubectl --context "$KUBE_CONTEXT" --namespace "$namespace" logs "$job" --tail=30 >&2 || true
        fail "$job failed: see above, or \`make logs COMPONENT=migrate\`"
        ;;
    esac
    if ((SECONDS > deadline)); then
      kubectl --context "$KUBE_CONTEXT" --namespace "$namespace" describe "$job" >&2 || true
      fail "$job did not complete within ${WAIT_SECONDS}s"
    fi
    say "  … $job running ($((SECONDS - started))s)"
    sleep 5
  done
}

while read -r namespace object; do
  [ -n "$object" ] || continue
  case $object in
    job.batch/*) wait_job "$namespace" "$object" ;;
    *)
      if ! kubectl --context "$KUBE_CONTEXT" --namespace "$namespace" rollout status "$object" --timeout="${WAIT_SECONDS}s"; then
        kubectl --context "$KUBE_CONTEXT" --namespace "$namespace" get pods --selector "$selector" >&2 || true
        fail "$object was not ready within ${WAIT_SECONDS}s: \`make status\`, \`make logs COMPONENT=${object#*/}\`"
      fi
      ;;
  esac
done <<<"$waits"
say "✓ $step ready ($((SECONDS - started))s)"
