# Sourced by db-backup.sh and db-restore.sh: runs PostgreSQL client programs against the cluster's
# database (inside the postgres pod, so that the client matches the server's version) or, with
# --local, against DATABASE_URL on this machine. The cluster is the one of tools/k8s/lib.sh
# (KUBE_CONTEXT, namespace profile).
# shellcheck shell=bash

# shellcheck source=tools/k8s/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../k8s/lib.sh"
POSTGRES_WORKLOAD=${POSTGRES_WORKLOAD:-statefulset/postgres}

target=cluster
if [ "${1:-}" = "--local" ]; then
  target=local
  shift
  [ -n "${DATABASE_URL:-}" ] || fail "--local needs DATABASE_URL"
  for program in pg_dump pg_restore psql; do
    command -v "$program" >/dev/null || fail "$program is missing: install the PostgreSQL client (apt-get install postgresql-client)"
  done
else
  require kubectl cluster
fi

describe_target() {
  if [ "$target" = local ]; then
    local url=${DATABASE_URL#*://}
    echo "database ${url#*@} on this machine"
  else
    echo "database of $POSTGRES_WORKLOAD (namespace $NAMESPACE, context $KUBE_CONTEXT)"
  fi
}

# pg_tool PROGRAM ARGS...: runs a client program that needs no connection (pg_restore --list, or
# pg_restore turning a dump into SQL), reading standard input.
pg_tool() {
  if [ "$target" = local ]; then
    "$@"
  else
    kc exec -i "$POSTGRES_WORKLOAD" -- "$@"
  fi
}

# pg_client PROGRAM ARGS...: runs pg_dump or psql connected to the database.
pg_client() {
  local program=$1
  shift
  if [ "$target" = local ]; then
    "$program" --dbname="$DATABASE_URL" "$@"
  else
    # The pod's own POSTGRES_USER and POSTGRES_DB (from its Secret) name the role and database.
    # shellcheck disable=SC2016 # expanded inside the pod
    kc exec -i "$POSTGRES_WORKLOAD" -- \
      sh -c 'exec "$0" --username="$POSTGRES_USER" --dbname="$POSTGRES_DB" "$@"' "$program" "$@"
  fi
}
