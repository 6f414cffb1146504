# Sourced by db-backup.sh and db-restore.sh: runs PostgreSQL client commands against the cluster's
# database (inside the postgres pod, so the client matches the server's version) or, with --local,
# against DATABASE_URL on this machine.
# shellcheck shell=bash

K8S_NAMESPACE=${K8S_NAMESPACE:-profile}
POSTGRES_WORKLOAD=${POSTGRES_WORKLOAD:-statefulset/postgres}

target=cluster
if [ "${1:-}" = "--local" ]; then
  target=local
  shift
  : "${DATABASE_URL:?--local needs DATABASE_URL}"
fi

describe_target() {
  if [ "$target" = local ]; then
    local url=${DATABASE_URL#*://}
    echo "database ${url#*@} on this machine"
  else
    echo "database of $POSTGRES_WORKLOAD (namespace $K8S_NAMESPACE)"
  fi
}

# pg_client TOOL ARGS...: runs pg_dump or pg_restore with the connection filled in.
pg_client() {
  local tool=$1
  shift
  if [ "$target" = local ]; then
    "$tool" --dbname="$DATABASE_URL" "$@"
  else
    command -v kubectl >/dev/null || { echo "kubectl is missing: install it, or use --local" >&2; return 1; }
    # The pod's own POSTGRES_USER and POSTGRES_DB (from its Secret) name the role and database.
    # shellcheck disable=SC2016 # expanded inside the pod
    kubectl --namespace "$K8S_NAMESPACE" exec -i "$POSTGRES_WORKLOAD" -- \
      sh -c 'exec "$0" --username="$POSTGRES_USER" --dbname="$POSTGRES_DB" "$@"' "$tool" "$@"
  fi
}
