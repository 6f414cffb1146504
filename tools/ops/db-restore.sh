#!/usr/bin/env bash
# `make restore FILE=…`: replaces the profile database's contents with a dump made by db-backup.sh.
#   db-restore.sh FILE                          the cluster's database
#   DATABASE_URL=... db-restore.sh --local FILE     a database on this machine
# Asks for the database's name as confirmation unless CONFIRM=yes. In the cluster, api and worker
# are scaled to zero during the restore so nothing writes into a half-restored database.
set -euo pipefail
# shellcheck source=tools/ops/postgres-target.sh
. "$(dirname "$0")/postgres-target.sh"

file=${1:?usage: db-restore.sh [--local] FILE}
[ -r "$file" ] || { echo "cannot read $file" >&2; exit 1; }
pg_restore --list "$file" >/dev/null || { echo "$file is not a dump made by make backup" >&2; exit 1; }

if [ "${CONFIRM:-}" != yes ]; then
  echo "This replaces everything in the $(describe_target) with $file."
  read -r -p "Type 'restore' to go on: " answer
  [ "$answer" = restore ] || { echo "not restored"; exit 1; }
fi

scaled=()
restore_replicas() {
  for entry in "${scaled[@]}"; do
    kubectl --namespace "$K8S_NAMESPACE" scale "deployment/${entry%%=*}" --replicas="${entry#*=}" >/dev/null
  done
}
if [ "$target" = cluster ]; then
  trap restore_replicas EXIT
  for app in api worker; do
    replicas=$(kubectl --namespace "$K8S_NAMESPACE" get "deployment/$app" -o jsonpath='{.spec.replicas}')
    scaled+=("$app=$replicas")
    kubectl --namespace "$K8S_NAMESPACE" scale "deployment/$app" --replicas=0 >/dev/null
  done
  kubectl --namespace "$K8S_NAMESPACE" wait --for=delete pod -l 'app.kubernetes.io/name in (api,worker)' --timeout=120s
fi

echo "restoring $file into the $(describe_target)"
pg_client pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error <"$file"
echo "restored"
