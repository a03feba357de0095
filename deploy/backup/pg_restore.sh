#!/usr/bin/env bash
# Restore a dump made by pg_backup.sh into an EMPTY database.
#
#   deploy/backup/pg_restore.sh DUMP_FILE TARGET_DATABASE_URL
#
# All or nothing (one transaction): a failed restore leaves the target empty.
# Refuses a target that already has tables, so a typo cannot overwrite the
# live database. To replace production, stop the app servers and workers,
# then: dropdb + createdb (see docs/deploy.md), this script,
# `manage.py migrate` (for dumps of an older release), and start again.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 DUMP_FILE postgres://user@host:5432/empty_db" >&2
  exit 2
fi
dump="$1"
url="$2"

if [[ -f "$dump.sha256" ]]; then
  (cd "$(dirname "$dump")" && sha256sum --check --quiet "$(basename "$dump").sha256")
fi
tables=$(psql "$url" --no-psqlrc --tuples-only --no-align \
  --command "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [[ "$tables" != "0" ]]; then
  echo "refusing to restore: the target database already has $tables tables" >&2
  exit 1
fi

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$url" "$dump"
echo "restored $dump"
