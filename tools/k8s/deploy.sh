#!/usr/bin/env bash
# `deploy.sh <step>`: applies one step of the stack and waits until it is ready (at most
# K8S_WAIT_SECONDS, 300 s), printing one progress line per step. `make start` runs the steps in
# start order: namespace, then (after the secrets) postgres redis rabbitmq migrate api worker web.
# `make monitoring` runs monitoring-namespace, then (after its secrets) monitoring.
# The stack's manifests come from tools/k8s/render.mjs: the overlay K8S_OVERLAY (simple, the
# default, or production: see k8s/README.md) with the built image tag; the monitoring overlay's
# from k8s/monitoring. A step is the set of objects carrying its labels.
set -euo pipefail
# shellcheck source=tools/k8s/lib.sh
. "$(dirname "$0")/lib.sh"
require kubectl node

STEPS=(postgres redis rabbitmq migrate api worker web)
step=${1:-}
manifests=$ROOT/k8s/${K8S_OVERLAY:-simple}
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

[ -f "$manifests/kustomization.yaml" ] || fail "no overlay ${manifests#"$ROOT/"} (K8S_OVERLAY: simple or production)"

position=""
for i in "${!STEPS[@]}"; do [ "${STEPS[$i]}" = "$step" ] && position=" ($((i + 1))/${#STEPS[@]})"; done
say "▸ $step$position: applying, then waiting up to ${WAIT_SECONDS}s"

tag=$("$ROOT/tools/k8s/image-tag.sh")
rendered=$(mktemp)
trap 'rm -f "$rendered"' EXIT
node "$ROOT/tools/k8s/render.mjs" --tag "$tag" --dir "$manifests" \
  ${IMAGE_REGISTRY:+--registry "$IMAGE_REGISTRY"} >"$rendered"
# One `<namespace> <kind>.<group>/<name> <how to wait>` line per workload of the step.
waits=$(node "$ROOT/tools/k8s/workloads.mjs" "$rendered" "$selector")

in_namespace() {
  local namespace=$1
  shift
  kubectl --context "$KUBE_CONTEXT" --namespace "$namespace" "$@"
}

# A Job's pod template cannot change once created. The Job of this name is kept while it runs, or
# ran to completion, the template rendered now (its TEMPLATE_HASH annotation, see render.mjs);
# one that failed, or that holds another template under the same name (an edit with IMAGE_TAG
# unchanged), is deleted with its pods first, so that the apply below starts it anew.
replace_stale_job() {
  local namespace=$1 job=$2 hash=$3 live live_hash conditions
  live=$(in_namespace "$namespace" get "$job" --ignore-not-found \
    -o jsonpath='{.metadata.annotations.profile/template-hash}|{range .status.conditions[?(@.status=="True")]}{.type} {end}')
  [ -n "$live" ] || return 0
  IFS='|' read -r live_hash conditions <<<"$live"
  if [ "$live_hash" != "$hash" ]; then
    say "  $job holds another pod template: deleting it to run this one"
  elif [[ " $conditions " == *" Failed "* ]]; then
    say "  $job failed before: deleting it to run it again"
  else
    return 0
  fi
  in_namespace "$namespace" delete "$job" --cascade=foreground --wait=true --timeout="${WAIT_SECONDS}s"
}

while read -r namespace object how hash; do
  [ "$how" != job ] || replace_stale_job "$namespace" "$object" "$hash"
done <<<"$waits"

kubectl --context "$KUBE_CONTEXT" apply --selector "$selector" -f "$rendered" -o name

started=$SECONDS
wait_job() {
  local namespace=$1 job=$2 deadline=$((SECONDS + WAIT_SECONDS)) conditions
  while :; do
    conditions=$(in_namespace "$namespace" get "$job" \
      -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type} {end}')
    case " $conditions" in
      *" Complete "*) return 0 ;;
      *" Failed "*)
        in_namespace "$namespace" logs "$job" --tail=30 >&2 || true
        fail "$job failed: see above, or \`make logs COMPONENT=migrate\`; the next \`make start\` runs it again"
        ;;
    esac
    if ((SECONDS > deadline)); then
      in_namespace "$namespace" describe "$job" >&2 || true
      fail "$job did not complete within ${WAIT_SECONDS}s"
    fi
    say "  … $job running ($((SECONDS - started))s)"
    sleep 5
  done
}

wait_rollout() {
  local namespace=$1 object=$2
  if ! in_namespace "$namespace" rollout status "$object" --timeout="${WAIT_SECONDS}s"; then
    in_namespace "$namespace" get pods --selector "$selector" >&2 || true
    fail "$object was not ready within ${WAIT_SECONDS}s: \`make status\`, \`make logs COMPONENT=${object#*/}\`"
  fi
}

# An operator's resource: its operator creates the pods, and reports readiness as a condition.
wait_condition() {
  local namespace=$1 object=$2 condition=$3
  if ! in_namespace "$namespace" wait "$object" --for="$condition" --timeout="${WAIT_SECONDS}s"; then
    in_namespace "$namespace" describe "$object" >&2 || true
    fail "$object did not reach ${condition#condition=} within ${WAIT_SECONDS}s: is its operator installed and running?"
  fi
}

while read -r namespace object how _; do
  case $how in
    job) wait_job "$namespace" "$object" ;;
    rollout) wait_rollout "$namespace" "$object" ;;
    condition=*) wait_condition "$namespace" "$object" "$how" ;;
  esac
done <<<"$waits"
say "✓ $step ready ($((SECONDS - started))s)"
