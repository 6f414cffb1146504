#!/usr/bin/env bash
# `make backup [FILE=…]`: writes a consistent dump of the profile database to a local file.
#   db-backup.sh [FILE]                            the cluster's database
#   DATABASE_URL=… db-backup.sh --local [FILE]     a database on this machine
# pg_dump reads one snapshot, so the dump is consistent while the api keeps writing. The file is
# PostgreSQL's custom format (compressed; `pg_restore --list FILE` shows what it holds) and readable
# by its owner only: it holds personal data.
set -euo pipefail
# shellcheck source=tools/ops/postgres-target.sh
. "$(dirname "$0")/postgres-target.sh"

file=${1:-backups/profiles-$(date -u +%Y%m%dT%H%M%SZ).dump}
umask 077
mkdir -p "$(dirname "$file")"
partial="$file.partial"
trap 'rm -f "$partial"' EXIT

say "dumping the $(describe_target) to $file"
pg_client pg_dump --format=custom --no-owner --no-privileges >"$partial"
# A truncated or garbled dump fails here, not at restore time.
pg_tool pg_restore --list <"$partial" >/dev/null || fail "the dump in $partial is unreadable: not written"
mv "$partial" "$file"
say "wrote $file ($(wc -c <"$file" | tr -d ' ') bytes)"
