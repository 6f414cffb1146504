#!/usr/bin/env bash
# `make restore FILE=…`: replaces the profile database's contents with a dump made by db-backup.sh.
#   db-restore.sh FILE                             the cluster's database
#   DATABASE_URL=… db-restore.sh --local FILE      a database on this machine
# Asks for the word `restore` as confirmation unless CONFIRM=yes; without an answer (no terminal,
# end of input) it restores nothing. In the cluster, the api and the worker are scaled to zero for
# the restore, so that nothing writes into a half-restored database, and scaled back afterwards.
#
# The restore is one transaction: the public schema is dropped and recreated (so that tables made
# after the dump go too), then the dump's SQL runs, then COMMIT. Any error, or a dump that cannot be
# read to its end, stops before COMMIT and the database stays as it was.
set -euo pipefail
# shellcheck source=tools/ops/postgres-target.sh
. "$(dirname "$0")/postgres-target.sh"

file=${1:-}
[ -n "$file" ] || fail "usage: db-restore.sh [--local] FILE (make restore FILE=backups/….dump)"
[ -r "$file" ] || fail "cannot read $file"
pg_tool pg_restore --list <"$file" >/dev/null 2>&1 || fail "$file is not a dump made by make backup"

if [ "${CONFIRM:-}" != yes ]; then
  say "This replaces everything in the $(describe_target) with $file."
  printf "Type 'restore' to go on: "
  answer=""
  read -r answer || true
  [ "$answer" = restore ] || {
    say "not restored"
    exit 1
  }
fi

# The api and worker pods, not the finished migration Jobs (which carry the api's name label).
APP_PODS='app.kubernetes.io/name in (api,worker),app.kubernetes.io/component in (server,worker)'
scaled=()
scale_back() {
  local entry
  for entry in "${scaled[@]}"; do
    kc scale "deployment/${entry%%=*}" --replicas="${entry#*=}" >/dev/null
  done
  ((${#scaled[@]} == 0)) || say "api and worker scaled back"
}
if [ "$target" = cluster ]; then
  trap scale_back EXIT
  for app in api worker; do
    replicas=$(kc get "deployment/$app" -o jsonpath='{.spec.replicas}')
    scaled+=("$app=$replicas")
    # A Deployment at zero replicas is left alone by its HorizontalPodAutoscaler until scaled back.
    kc scale "deployment/$app" --replicas=0 >/dev/null
  done
  say "waiting for the api and worker pods to stop"
  deadline=$((SECONDS + WAIT_SECONDS))
  while [ -n "$(kc get pods --selector "$APP_PODS" -o name)" ]; do
    ((SECONDS < deadline)) || fail "api and worker pods still running after ${WAIT_SECONDS}s: not restored"
    sleep 2
  done
fi

say "restoring $file into the $(describe_target)"
{
  # The schema as a new database has it (PostgreSQL 15 and later), so that only the dump differs.
  printf '%s\n' 'SET client_min_messages = warning;' 'BEGIN;' \
    'DROP SCHEMA IF EXISTS public CASCADE;' 'CREATE SCHEMA public AUTHORIZATION pg_database_owner;' \
    'GRANT USAGE ON SCHEMA public TO PUBLIC;' "COMMENT ON SCHEMA public IS 'standard public schema';"
  pg_tool pg_restore --no-owner --no-privileges --file=- <"$file"
  printf '%s\n' 'COMMIT;'
} | pg_client psql --no-psqlrc --quiet --set=ON_ERROR_STOP=1 --file=- >/dev/null
say "restored"
