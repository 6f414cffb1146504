#!/usr/bin/env bash
# `make logs COMPONENT=<name>`: recent logs of every pod of a component (FOLLOW=1 follows them),
# straight from the cluster (no Loki needed). Takes the manifests' names as well as the apps':
# server = api, client = web; and the monitoring overlay's components when it is deployed.
set -euo pipefail
# shellcheck source=tools/k8s/lib.sh
. "$(dirname "$0")/lib.sh"
require kubectl cluster

namespace=$NAMESPACE
case ${1:-} in
  api | server) selector=app.kubernetes.io/name=api,app.kubernetes.io/component=server ;;
  migrate) selector=app.kubernetes.io/name=api,app.kubernetes.io/component=migrate ;;
  web | client) selector=app.kubernetes.io/name=web ;;
  worker | postgres | redis | rabbitmq) selector=app.kubernetes.io/name=$1 ;;
  prometheus | grafana | loki | kube-state-metrics)
    namespace=$MONITORING_NAMESPACE
    selector=app.kubernetes.io/name=$1
    ;;
  fluent-bit)
    namespace=$LOGGING_NAMESPACE
    selector=app.kubernetes.io/name=$1
    ;;
  *) fail "usage: make logs COMPONENT=api|server|worker|web|client|migrate|postgres|redis|rabbitmq|prometheus|grafana|loki|fluent-bit|kube-state-metrics" ;;
esac

follow=--follow=false
[ "${FOLLOW:-0}" != 1 ] || follow=--follow
kubectl --context "$KUBE_CONTEXT" --namespace "$namespace" logs --selector "$selector" --all-containers \
  --prefix --timestamps --tail="${TAIL:-200}" --max-log-requests=10 "$follow"
