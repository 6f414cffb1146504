#!/usr/bin/env bash
# `make backup`: writes a consistent dump of the profile database to a local file.
#   db-backup.sh [FILE]                        the cluster's database
#   DATABASE_URL=... db-backup.sh --local [FILE]   a database on this machine
# pg_dump reads one snapshot, so the dump is consistent while the api keeps writing.
set -euo pipefail
# shellcheck source=tools/ops/postgres-target.sh
. "$(dirname "$0")/postgres-target.sh"

file=${1:-backups/profiles-$(date -u +%Y%m%dT%H%M%SZ).dump}
mkdir -p "$(dirname "$file")"
partial="$file.partial"
trap 'rm -f "$partial"' EXIT

echo "dumping the $(describe_target) to $file"
pg_client pg_dump --format=custom --no-owner --no-privileges >"$partial"
pg_restore --list "$partial" >/dev/null # a truncated or garbled dump fails here, not at restore time
mv "$partial" "$file"
echo "wrote $file ($(wc -c <"$file") bytes)"
